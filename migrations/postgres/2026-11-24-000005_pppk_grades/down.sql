-- Back to the PNS golongan ruang only; refused while any employee holds a PPPK grade.
ALTER TABLE employees DROP CONSTRAINT employees_rank_check;
ALTER TABLE employees ADD CONSTRAINT employees_rank_check
    CHECK (rank IN ('I/a', 'I/b', 'I/c', 'I/d', 'II/a', 'II/b', 'II/c', 'II/d',
        'III/a', 'III/b', 'III/c', 'III/d', 'IV/a', 'IV/b', 'IV/c', 'IV/d', 'IV/e'));
