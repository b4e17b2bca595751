-- PPPK hold a golongan from I to XVII besides the PNS golongan ruang I/a to IV/e.
ALTER TABLE employees DROP CONSTRAINT employees_rank_check;
ALTER TABLE employees ADD CONSTRAINT employees_rank_check
    CHECK (rank IN ('I/a', 'I/b', 'I/c', 'I/d', 'II/a', 'II/b', 'II/c', 'II/d',
        'III/a', 'III/b', 'III/c', 'III/d', 'IV/a', 'IV/b', 'IV/c', 'IV/d', 'IV/e',
        'I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII', 'XIII',
        'XIV', 'XV', 'XVI', 'XVII'));
