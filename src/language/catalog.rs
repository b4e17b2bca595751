//! Every message of the API in English (as the code writes it) and Indonesian. `{}` stands for a
//! part that varies (a number, an id, a field name, a list); the Indonesian text has the same
//! `{}`s, in the same order, or names them `{0}`, `{1}`, ... where Indonesian word order differs.
//! A varying part that is itself an entry here (a noun such as `employee`) is translated too.

/// (English, Indonesian), one entry per message.
pub const MESSAGES: &[(&str, &str)] = &[
    // src/api/concurrency.rs
    ("\"(not text)\"", "\"(bukan teks)\""),
    // src/api/csv.rs
    (
        "the CSV is not UTF-8 (byte {})",
        "berkas CSV tidak berenkode UTF-8 (bita {})",
    ),
    (
        "the CSV has no header row",
        "berkas CSV tidak memiliki baris judul kolom",
    ),
    (
        "line 1, column {}: {} is named twice",
        "baris 1, kolom {}: {} disebut dua kali",
    ),
    (
        "line {}: {} columns, the header has {}",
        "baris {}: {} kolom, sedangkan baris judul memiliki {}",
    ),
    (
        "line {}: a quoted field is never closed",
        "baris {}: isian bertanda kutip tidak pernah ditutup",
    ),
    // src/api/extract.rs
    (
        "the body could not be read ({})",
        "isi permintaan tidak dapat dibaca ({})",
    ),
    (
        "the body must be a JSON object",
        "isi permintaan harus berupa objek JSON",
    ),
    (
        "a value of the wrong type here (null is not allowed)",
        "nilai di sini bertipe salah (null tidak diizinkan)",
    ),
    (
        "text may not contain the NUL character (U+0000)",
        "teks tidak boleh memuat karakter NUL (U+0000)",
    ),
    (
        "dates run from 0001-01-01 to 9999-12-31",
        "tanggal harus berada di antara 0001-01-01 dan 9999-12-31",
    ),
    (
        "no bearer token was sent",
        "tidak ada bearer token yang dikirim",
    ),
    (
        "the Authorization header is not \"Bearer <token>\"",
        "header Authorization tidak berbentuk \"Bearer <token>\"",
    ),
    // (serde, serde_json, serde_urlencoded, chrono and std texts that reach field messages
    // through `locate`, and details through `malformed_json` and the token endpoint)
    ("{} at line {} column {}", "{} pada baris {} kolom {}"),
    (
        "invalid type: {}, expected {}",
        "tipe tidak valid: {}, seharusnya {}",
    ),
    (
        "invalid value: {}, expected {}",
        "nilai tidak valid: {}, seharusnya {}",
    ),
    (
        "invalid length {}, expected {}",
        "panjang {} tidak valid, seharusnya {}",
    ),
    ("missing field `{}`", "kolom `{}` wajib diisi"),
    ("missing field `unit`", "kolom `unit` wajib diisi"),
    (
        "duplicate field `{}`",
        "kolom `{}` disebut lebih dari satu kali",
    ),
    (
        "duplicate field `unit`",
        "kolom `unit` disebut lebih dari satu kali",
    ),
    (
        "unknown field `{}`, expected one of {}",
        "kolom `{}` tidak dikenal; seharusnya salah satu dari {}",
    ),
    (
        "unknown field `{}`, expected {}",
        "kolom `{}` tidak dikenal; seharusnya {}",
    ),
    (
        "unknown field `{}`, there are no fields",
        "kolom `{}` tidak dikenal; tidak ada kolom yang diterima di sini",
    ),
    (
        "unknown variant `{}`, expected one of {}",
        "nilai `{}` tidak dikenal; seharusnya salah satu dari {}",
    ),
    (
        "unknown variant `{}`, expected {}",
        "nilai `{}` tidak dikenal; seharusnya {}",
    ),
    (
        "unknown variant `{}`, there are no variants",
        "nilai `{}` tidak dikenal; tidak ada nilai yang diterima di sini",
    ),
    ("`{}` or `{}`", "`{}` atau `{}`"),
    ("boolean `{}`", "nilai boolean `{}`"),
    ("integer `{}`", "bilangan bulat `{}`"),
    ("floating point `{}`", "bilangan pecahan `{}`"),
    ("character `{}`", "karakter `{}`"),
    ("string {}", "teks {}"),
    ("sequence", "larik (array)"),
    ("map", "objek"),
    ("a string", "teks"),
    ("a boolean", "nilai boolean"),
    ("a sequence", "larik (array)"),
    ("a map", "objek"),
    (
        "a formatted date string",
        "tanggal dengan format YYYY-MM-DD",
    ),
    (
        "an RFC 3339 formatted date and time string",
        "tanggal dan waktu dengan format RFC 3339",
    ),
    (
        "EOF while parsing a list",
        "isi berakhir sebelum larik selesai dibaca",
    ),
    (
        "EOF while parsing an object",
        "isi berakhir sebelum objek selesai dibaca",
    ),
    (
        "EOF while parsing a string",
        "isi berakhir sebelum teks selesai dibaca",
    ),
    (
        "EOF while parsing a value",
        "isi berakhir sebelum nilai selesai dibaca",
    ),
    ("expected `:`", "seharusnya `:`"),
    ("expected `,` or `]`", "seharusnya `,` atau `]`"),
    ("expected `,` or `}`", "seharusnya `,` atau `}`"),
    (
        "expected ident",
        "seharusnya pengenal (true, false, atau null)",
    ),
    ("expected value", "seharusnya sebuah nilai"),
    ("expected `\"`", "seharusnya `\"`"),
    ("invalid escape", "urutan escape tidak valid"),
    ("invalid number", "angka tidak valid"),
    ("number out of range", "angka di luar jangkauan"),
    (
        "invalid unicode code point",
        "titik kode Unicode tidak valid",
    ),
    (
        "control character (\\u0000-\\u001F) found while parsing a string",
        "karakter kontrol (\\u0000-\\u001F) ditemukan di dalam teks",
    ),
    ("key must be a string", "kunci harus berupa teks"),
    (
        "invalid value: expected key to be a number in quotes",
        "nilai tidak valid: kunci seharusnya berupa angka di dalam tanda kutip",
    ),
    (
        "float key must be finite (got NaN or +/-inf)",
        "kunci pecahan harus berhingga (diterima NaN atau +/-inf)",
    ),
    (
        "lone leading surrogate in hex escape",
        "surrogate awal tanpa pasangan dalam escape heksadesimal",
    ),
    ("trailing comma", "ada koma di akhir"),
    (
        "trailing characters",
        "ada karakter lain setelah akhir JSON",
    ),
    (
        "unexpected end of hex escape",
        "escape heksadesimal berakhir sebelum waktunya",
    ),
    (
        "recursion limit exceeded",
        "batas kedalaman bersarang terlampaui",
    ),
    ("input is out of range", "masukan di luar jangkauan"),
    (
        "no possible date and time matching input",
        "tidak ada tanggal dan waktu yang sesuai dengan masukan",
    ),
    (
        "input is not enough for unique date and time",
        "masukan tidak cukup untuk menentukan tanggal dan waktu yang tunggal",
    ),
    (
        "input contains invalid characters",
        "masukan memuat karakter yang tidak valid",
    ),
    (
        "premature end of input",
        "masukan berakhir sebelum waktunya",
    ),
    ("trailing input", "ada masukan lebih setelah akhir nilai"),
    (
        "bad or unsupported format string",
        "format tidak valid atau tidak didukung",
    ),
    (
        "invalid digit found in string",
        "ditemukan karakter yang bukan angka",
    ),
    (
        "cannot parse integer from empty string",
        "bilangan bulat tidak dapat dibaca dari teks kosong",
    ),
    (
        "number too large to fit in target type",
        "angka terlalu besar",
    ),
    (
        "number too small to fit in target type",
        "angka terlalu kecil",
    ),
    ("invalid float literal", "bilangan pecahan tidak valid"),
    (
        "cannot parse float from empty string",
        "bilangan pecahan tidak dapat dibaca dari teks kosong",
    ),
    (
        "provided string was not `true` or `false`",
        "nilai harus `true` atau `false`",
    ),
    // src/api/pagination.rs
    ("at most {} characters", "paling banyak {} karakter"),
    (
        "no control characters",
        "tidak boleh memuat karakter kontrol",
    ),
    ("must be from 1 to {}", "harus antara 1 dan {}"),
    (
        "not a cursor this API issued; pass next_cursor unchanged",
        "bukan kursor yang diterbitkan API ini; kirim next_cursor tanpa diubah",
    ),
    // src/api/v1/assessment_rounds.rs
    ("a weight is 0 to 100", "bobot bernilai 0 sampai 100"),
    ("from 2 to {}", "dari 2 sampai {}"),
    (
        "give unit_id or employee_ids, not both",
        "isi unit_id atau employee_ids, tidak keduanya",
    ),
    ("assessment round", "putaran penilaian 360°"),
    // src/api/v1/audit_events.rs
    (
        "hr reads the history of one unit or employee: give entity_type and entity_id.",
        "hr membaca riwayat satu unit kerja atau satu pegawai: isi entity_type dan entity_id.",
    ),
    (
        "hr reads the history of units and employees only.",
        "hr hanya dapat membaca riwayat unit kerja dan pegawai.",
    ),
    ("unit", "unit kerja"),
    ("employee", "pegawai"),
    // src/api/v1/auth.rs
    (
        "A parameter holds the NUL character, which no credential holds.",
        "Sebuah parameter memuat karakter NUL, padahal tidak ada kredensial yang memuatnya.",
    ),
    (
        "The request cannot be read: {}.",
        "Permintaan tidak dapat dibaca: {}.",
    ),
    (
        "application/x-www-form-urlencoded or application/json",
        "application/x-www-form-urlencoded atau application/json",
    ),
    ("The parameter {} is required.", "Parameter {} wajib diisi."),
    (
        "The Basic credentials cannot be read.",
        "Kredensial Basic tidak dapat dibaca.",
    ),
    (
        "Send the client's credentials either as HTTP Basic or in the body, not both.",
        "Kirim kredensial klien melalui HTTP Basic atau di dalam isi permintaan, tidak keduanya.",
    ),
    (
        "The grant type {} is not supported; use password, client_credentials or refresh_token.",
        "Jenis grant {} tidak didukung; gunakan password, client_credentials, atau refresh_token.",
    ),
    // src/api/v1/calculators.rs
    ("a count cannot exceed {}", "jumlah tidak boleh melebihi {}"),
    ("a count cannot be negative", "jumlah tidak boleh negatif"),
    (
        "at least one employee must be counted",
        "sekurang-kurangnya satu pegawai harus dihitung",
    ),
    // src/api/v1/changes.rs
    ("1 to 1000", "1 sampai 1000"),
    (
        "a next_cursor this feed gave",
        "harus berupa next_cursor yang diberikan oleh umpan perubahan ini",
    ),
    ("no such type: {}", "tipe tidak dikenal: {}"),
    ("not readable: {}", "tidak boleh dibaca: {}"),
    ("not readable: unit", "tidak boleh dibaca: unit"),
    ("not readable: employee", "tidak boleh dibaca: employee"),
    ("not readable: plan", "tidak boleh dibaca: plan"),
    ("not readable: evaluation", "tidak boleh dibaca: evaluation"),
    (
        "Changes before {} are no longer kept ({} days): read the resources again and continue from a fresh cursor.",
        "Perubahan sebelum {} tidak lagi disimpan ({} hari): baca ulang sumber daya dan lanjutkan dengan kursor baru.",
    ),
    // src/api/v1/clients.rs
    ("1 to {} characters", "1 sampai {} karakter"),
    (
        "grant at least one scope",
        "berikan sekurang-kurangnya satu scope",
    ),
    ("client", "klien integrasi"),
    // src/api/v1/counseling.rs
    (
        "Only the employee whose case it is sees who read it.",
        "Hanya pegawai yang bersangkutan yang dapat melihat siapa saja yang telah membaca kasus ini.",
    ),
    // src/api/v1/employees.rs
    (
        "only meaningful together with unit_id",
        "hanya bermakna jika disertai unit_id",
    ),
    // src/api/v1/evaluations.rs
    ("period", "periode"),
    // src/api/v1/me.rs
    (
        "the current password is incorrect",
        "kata sandi saat ini salah",
    ),
    // src/api/v1/objections.rs
    (
        "Only the employee and the appraiser explain their side of an objection.",
        "Hanya pegawai dan pejabat penilai kinerja yang dapat memberikan penjelasan atas keberatan.",
    ),
    (
        "Only the decider named when the objection was filed decides it.",
        "Hanya pejabat pemutus yang ditetapkan saat keberatan diajukan yang dapat memutus keberatan ini.",
    ),
    // src/api/v1/plan_results.rs
    ("a weight must be above 0", "bobot harus lebih dari 0"),
    // src/api/v1/scorecard/request.rs
    (
        "missing field `regime`: `pp30_2021` or `permenpan6_2022`",
        "kolom `regime` wajib diisi: `pp30_2021` atau `permenpan6_2022`",
    ),
    (
        "`regime` must be `pp30_2021` or `permenpan6_2022`",
        "`regime` harus `pp30_2021` atau `permenpan6_2022`",
    ),
    (
        "`{}` belongs to regime `{}`, not `{}`",
        "`{}` termasuk regime `{}`, bukan `{}`",
    ),
    (
        "a number must be below 10^15",
        "angka harus kurang dari 10^15",
    ),
    (
        "{} has more than 15 significant digits",
        "{} memiliki lebih dari 15 digit signifikan",
    ),
    (
        "{} has more than {} decimals",
        "{} memiliki lebih dari {} angka desimal",
    ),
    (
        "{} has more than two decimals",
        "{} memiliki lebih dari dua angka desimal",
    ),
    (
        "{} is not between {} and {}",
        "{} tidak berada di antara {} dan {}",
    ),
    (
        "missing field `indicators`: regime `pp30_2021` scores a result by its indicators",
        "kolom `indicators` wajib diisi: regime `pp30_2021` menilai hasil kerja berdasarkan indikatornya",
    ),
    (
        "a result needs at least one indicator",
        "hasil kerja memerlukan sekurang-kurangnya satu indikator",
    ),
    (
        "at least one main result is needed",
        "diperlukan sekurang-kurangnya satu hasil kerja utama",
    ),
    (
        "min {} is above max {}",
        "min {} lebih besar daripada max {}",
    ),
    (
        "give `value` or `min` and `max`, not both",
        "isi `value` atau `min` dan `max`, tidak keduanya",
    ),
    (
        "give `value`, or `min` and `max`",
        "isi `value`, atau `min` dan `max`",
    ),
    (
        "a range needs `min` and `max`; `{}` is missing",
        "rentang memerlukan `min` dan `max`; `{}` belum diisi",
    ),
    (
        "a realisation cannot be negative",
        "realisasi tidak boleh negatif",
    ),
    ("a target must be above 0", "target harus lebih dari 0"),
    (
        "at least one result is needed",
        "diperlukan sekurang-kurangnya satu hasil kerja",
    ),
    (
        "missing field `rating`: regime `permenpan6_2022` rates each result",
        "kolom `rating` wajib diisi: regime `permenpan6_2022` memberi rating pada setiap hasil kerja",
    ),
    (
        "all seven values need a rating; missing: {}",
        "ketujuh nilai perlu diberi rating; yang belum: {}",
    ),
    // src/api/v1/sync.rs
    (
        "deactivate_missing covers the subtree of scope_code",
        "deactivate_missing berlaku untuk subpohon unit kerja scope_code, sehingga scope_code wajib diisi",
    ),
    (
        "with a JSON body the options go in the body, not the query",
        "dengan isi permintaan JSON, opsi dimuat di dalam isi permintaan, bukan di query",
    ),
    ("line {}, column {} ({}): {}", "baris {}, kolom {} ({}): {}"),
    ("line {}: {}", "baris {}: {}"),
    // src/api/v1/units.rs
    ("org unit", "unit kerja"),
    // src/api/v1/users.rs
    ("user", "akun pengguna"),
    // src/app/headers.rs
    (
        "This origin may not call the API from a browser (KINERJA_CORS_ORIGINS).",
        "Origin ini tidak diizinkan memanggil API dari peramban (KINERJA_CORS_ORIGINS).",
    ),
    // src/app/idempotency.rs
    (
        "1 to {} visible ASCII characters",
        "1 sampai {} karakter ASCII yang terlihat",
    ),
    (
        "This Idempotency-Key was used with another request; use a new key for a new request.",
        "Idempotency-Key ini sudah dipakai untuk permintaan lain; gunakan kunci baru untuk permintaan baru.",
    ),
    (
        "A request with this Idempotency-Key is still running; retry when it has answered.",
        "Permintaan dengan Idempotency-Key ini masih diproses; ulangi setelah permintaan tersebut dijawab.",
    ),
    // src/app/middleware.rs
    (
        "No resource has an id holding NUL (%00).",
        "Tidak ada sumber daya yang id-nya memuat NUL (%00).",
    ),
    (
        "The request took longer than {} seconds. A write may still complete: retry it with the same Idempotency-Key.",
        "Permintaan memerlukan waktu lebih dari {} detik. Penulisan data mungkin tetap selesai: ulangi dengan Idempotency-Key yang sama.",
    ),
    // src/assessments/raters.rs
    (
        "`self` is the group of an assessee rating themselves, and of no one else",
        "kelompok `self` hanya untuk pegawai yang dinilai ketika menilai dirinya sendiri",
    ),
    (
        "this employee is not assessed in this round",
        "pegawai ini tidak dinilai dalam putaran ini",
    ),
    (
        "no active employee you can see has this id",
        "tidak ada pegawai aktif yang dapat Anda lihat dengan id ini",
    ),
    (
        "This employee already rates this assessee in this round.",
        "Pegawai ini sudah menjadi penilai bagi pegawai yang dinilai tersebut dalam putaran ini.",
    ),
    (
        "the supervisor group is the assessee's direct superior",
        "kelompok supervisor adalah atasan langsung pegawai yang dinilai",
    ),
    (
        "the subordinate group is the assessee's direct reports",
        "kelompok subordinate adalah bawahan langsung pegawai yang dinilai",
    ),
    (
        "this rater reads the assessee's result, so their answer cannot be anonymous",
        "penilai ini dapat membaca hasil pegawai yang dinilai, sehingga jawabannya tidak dapat anonim",
    ),
    (
        "a direct report of the assessee rates as a subordinate",
        "bawahan langsung pegawai yang dinilai menilai sebagai subordinate",
    ),
    ("assignment", "penugasan penilai"),
    // src/assessments/responses.rs
    ("assessment task", "tugas penilaian 360°"),
    (
        "The round is {}; answers are given while it is open.",
        "Putaran berstatus {}; jawaban hanya dapat diberikan selama putaran dibuka.",
    ),
    // src/assessments/results.rs
    (
        "The round is {}; results exist once it is closed.",
        "Putaran berstatus {}; hasil tersedia setelah putaran ditutup.",
    ),
    ("result", "hasil penilaian"),
    // src/assessments/rounds.rs
    (
        "from {} (fewer could reveal who answered) to {}",
        "dari {} (jumlah yang lebih kecil dapat mengungkap siapa yang menjawab) sampai {}",
    ),
    (
        "closes_at must lie in the future",
        "closes_at harus berada di masa mendatang",
    ),
    (
        "name the population: unit_id (a unit subtree) or employee_ids",
        "tentukan populasi: unit_id (subpohon unit kerja) atau employee_ids",
    ),
    ("no period has this id", "tidak ada periode dengan id ini"),
    (
        "The period is closed; no new 360° round can start in it.",
        "Periode sudah ditutup; putaran penilaian 360° baru tidak dapat dimulai di dalamnya.",
    ),
    (
        "list at least one employee",
        "cantumkan sekurang-kurangnya satu pegawai",
    ),
    (
        "at most {}; name a unit for larger populations",
        "paling banyak {}; sebutkan unit kerja untuk populasi yang lebih besar",
    ),
    ("listed twice", "dicantumkan dua kali"),
    (
        "no active org unit has this id",
        "tidak ada unit kerja aktif dengan id ini",
    ),
    (
        "This unit lies outside the units you manage.",
        "Unit kerja ini berada di luar unit kerja yang Anda kelola.",
    ),
    (
        "no active employee works in this unit or below it",
        "tidak ada pegawai aktif yang bekerja di unit kerja ini atau di bawahnya",
    ),
    (
        "no active employee you manage has this id",
        "tidak ada pegawai aktif yang Anda kelola dengan id ini",
    ),
    (
        "these employees belong to separate organisations; make a round for each",
        "pegawai-pegawai ini berasal dari organisasi yang berbeda; buat putaran untuk masing-masing organisasi",
    ),
    (
        "The round is closed; its closing time cannot move.",
        "Putaran sudah ditutup; waktu penutupannya tidak dapat diubah.",
    ),
    (
        "The round is {}; raters, weights and min_raters change only while it is a draft.",
        "Putaran berstatus {}; penilai, bobot, dan min_raters hanya dapat diubah selama putaran masih berupa draf.",
    ),
    (
        "closes_at has passed; move it before opening the round",
        "closes_at sudah terlewati; ubah terlebih dahulu sebelum membuka putaran",
    ),
    (
        "The round is a draft; open it before closing it.",
        "Putaran masih berupa draf; buka terlebih dahulu sebelum menutupnya.",
    ),
    // src/auth/accounts.rs
    ("must be a UUID", "harus berupa UUID"),
    (
        "only hr and pyb accounts govern an org unit",
        "hanya akun hr dan pyb yang membawahi unit kerja",
    ),
    (
        "The username {} is taken.",
        "Nama pengguna {} sudah dipakai.",
    ),
    (
        "a username is required unless employee_id is given (the NIP is then used)",
        "nama pengguna wajib diisi kecuali employee_id diberikan (NIP pegawai tersebut yang kemudian dipakai)",
    ),
    ("no employee has this id", "tidak ada pegawai dengan id ini"),
    (
        "no org unit has this id",
        "tidak ada unit kerja dengan id ini",
    ),
    (
        "This employee already has an account.",
        "Pegawai ini sudah memiliki akun.",
    ),
    (
        "This is the last active admin account; make another admin first.",
        "Ini adalah akun admin aktif terakhir; jadikan akun lain admin terlebih dahulu.",
    ),
    (
        "the new password must differ from the current one",
        "kata sandi baru harus berbeda dari kata sandi saat ini",
    ),
    // src/auth/grants.rs
    (
        "Too many failed logins; try again in {} seconds.",
        "Terlalu banyak percobaan masuk yang gagal; coba lagi dalam {} detik.",
    ),
    (
        "The username or password is incorrect.",
        "Nama pengguna atau kata sandi salah.",
    ),
    ("Client authentication failed.", "Autentikasi klien gagal."),
    ("Unknown scope {}.", "Scope {} tidak dikenal."),
    (
        "The scope {} is not granted to this client.",
        "Scope {} tidak diberikan kepada klien ini.",
    ),
    (
        "The refresh token is unknown.",
        "Refresh token tidak dikenal.",
    ),
    (
        "The refresh token has been revoked.",
        "Refresh token telah dicabut.",
    ),
    (
        "The refresh token was already used; every token of this login is now revoked.",
        "Refresh token sudah pernah dipakai; semua token dari sesi masuk ini kini dicabut.",
    ),
    (
        "The refresh token has expired.",
        "Refresh token sudah kedaluwarsa.",
    ),
    ("The account is disabled.", "Akun ini dinonaktifkan."),
    // src/auth/jwt.rs
    ("the token has expired", "token sudah kedaluwarsa"),
    ("the token is not valid yet", "token belum berlaku"),
    (
        "the token is for another audience",
        "token ditujukan untuk audiens lain",
    ),
    (
        "the token is from another issuer",
        "token berasal dari penerbit lain",
    ),
    (
        "the token's signature does not verify",
        "tanda tangan token tidak dapat diverifikasi",
    ),
    (
        "the token is signed with another algorithm",
        "token ditandatangani dengan algoritme lain",
    ),
    (
        "the token lacks a required claim",
        "token tidak memuat klaim yang diwajibkan",
    ),
    ("the token is malformed", "format token tidak valid"),
    // src/auth/password.rs
    (
        "Too many logins are being checked; try again shortly.",
        "Terlalu banyak proses masuk yang sedang diperiksa; coba lagi sebentar lagi.",
    ),
    // src/auth/policy.rs
    (
        "managing accounts and clients",
        "pengelolaan akun dan klien",
    ),
    (
        "Integration clients have no password; an admin rotates a client's secret.",
        "Klien integrasi tidak memiliki kata sandi; secret klien diganti oleh admin.",
    ),
    ("org units", "unit kerja"),
    ("employee records", "data pegawai"),
    ("the audit trail", "jejak audit"),
    (
        "Only admin and hr may read the audit trail.",
        "Hanya admin dan hr yang dapat membaca jejak audit.",
    ),
    (
        "Only admin and hr may manage periods.",
        "Hanya admin dan hr yang dapat mengelola periode.",
    ),
    (
        "Integration clients do not start plans; the employee or hr does.",
        "Klien integrasi tidak memulai rencana kinerja; rencana kinerja dimulai oleh pegawai atau hr.",
    ),
    ("plan", "rencana kinerja"),
    (
        "Only the plan's owner, or hr for them, may do this.",
        "Hanya pemilik rencana kinerja, atau hr atas namanya, yang dapat melakukan ini.",
    ),
    (
        "Only the plan's appraiser may do this.",
        "Hanya pejabat penilai kinerja pada rencana kinerja ini yang dapat melakukan ini.",
    ),
    (
        "Only the plan's appraiser or hr opens an evaluation.",
        "Hanya pejabat penilai kinerja pada rencana kinerja ini atau hr yang dapat membuka evaluasi.",
    ),
    (
        "Only the employee whose plan was evaluated may object.",
        "Hanya pegawai yang rencana kinerjanya dievaluasi yang dapat mengajukan keberatan.",
    ),
    (
        "Integration clients do not set organisation predikat.",
        "Klien integrasi tidak menetapkan predikat kinerja organisasi.",
    ),
    (
        "Reading a unit's performance needs the scope results:read.",
        "Membaca kinerja unit kerja memerlukan scope results:read.",
    ),
    ("unit performance", "kinerja unit kerja"),
    (
        "Only admin, hr and pyb read a unit's performance.",
        "Hanya admin, hr, dan pyb yang dapat membaca kinerja unit kerja.",
    ),
    ("finalising evaluations", "finalisasi evaluasi"),
    (
        "Integration clients take no part in guidance.",
        "Klien integrasi tidak terlibat dalam bimbingan kinerja.",
    ),
    (
        "Guidance is given by a superior to their reports, or by someone hr assigns.",
        "Bimbingan kinerja diberikan oleh atasan kepada bawahannya, atau oleh orang yang ditugaskan hr.",
    ),
    (
        "A counseling case is opened by the employee's direct superior, hr of their unit, or admin.",
        "Kasus konseling dibuka oleh atasan langsung pegawai, hr unit kerjanya, atau admin.",
    ),
    (
        "Integration clients take no part in counseling.",
        "Klien integrasi tidak terlibat dalam konseling kinerja.",
    ),
    ("counseling case", "kasus konseling"),
    (
        "The change feed is for integration clients and admin.",
        "Umpan perubahan hanya untuk klien integrasi dan admin.",
    ),
    (
        "The change feed needs a read scope: units:read, employees:read, plans:read or assessments:read.",
        "Umpan perubahan memerlukan scope baca: units:read, employees:read, plans:read, atau assessments:read.",
    ),
    (
        "Integration clients do not take part in objections.",
        "Klien integrasi tidak terlibat dalam keberatan.",
    ),
    (
        "Only admin and hr may do this ({}).",
        "Hanya admin dan hr yang dapat melakukan ini ({}).",
    ),
    (
        "Only hr may set a plan's appraiser.",
        "Hanya hr yang dapat menetapkan pejabat penilai kinerja pada rencana kinerja.",
    ),
    (
        "Only the plan's owner, or hr for them, may record realisations.",
        "Hanya pemilik rencana kinerja, atau hr atas namanya, yang dapat mencatat realisasi.",
    ),
    ("360° rounds", "putaran penilaian 360°"),
    (
        "Only admin and hr manage 360° rounds.",
        "Hanya admin dan hr yang dapat mengelola putaran penilaian 360°.",
    ),
    (
        "Reading 360° rounds needs the scope assessments:read.",
        "Membaca putaran penilaian 360° memerlukan scope assessments:read.",
    ),
    (
        "This account is linked to no employee, so it rates nobody.",
        "Akun ini tidak terhubung dengan pegawai mana pun, sehingga tidak menilai siapa pun.",
    ),
    (
        "Integration clients do not rate colleagues.",
        "Klien integrasi tidak menilai rekan kerja.",
    ),
    (
        "This client lacks the scope {}.",
        "Klien ini tidak memiliki scope {}.",
    ),
    (
        "Changing {} needs the scope {}.",
        "Mengubah {} memerlukan scope {}.",
    ),
    (
        "Only admin and hr may change {}.",
        "Hanya admin dan hr yang dapat mengubah {}.",
    ),
    (
        "This hr account governs no org unit (scope_unit_id is empty), so it has no {} to manage.",
        "Akun hr ini tidak membawahi unit kerja mana pun (scope_unit_id kosong), sehingga tidak ada {} yang dapat dikelolanya.",
    ),
    (
        "Only the {} role may do this ({}).",
        "Hanya peran {} yang dapat melakukan ini ({}).",
    ),
    // src/auth/principal.rs
    (
        "the account is disabled or gone",
        "akun dinonaktifkan atau sudah tidak ada",
    ),
    (
        "the session has ended (logout, password change or account change); log in again",
        "sesi telah berakhir (keluar, penggantian kata sandi, atau perubahan akun); silakan masuk kembali",
    ),
    // src/counseling/mod.rs
    (
        "Only whoever identified the case (or admin) takes this step.",
        "Hanya pihak yang mengidentifikasi kasus ini (atau admin) yang dapat melakukan langkah ini.",
    ),
    (
        "Only the case's counselor takes this step.",
        "Hanya konselor kasus ini yang dapat melakukan langkah ini.",
    ),
    (
        "Only the recipient of the counselor's report takes this step.",
        "Hanya penerima laporan konselor yang dapat melakukan langkah ini.",
    ),
    ("The case is {}.", "Kasus berstatus {}."),
    (
        "no active employee has this id",
        "tidak ada pegawai aktif dengan id ini",
    ),
    (
        "only an assessment_360 or guidance source names a round or session",
        "hanya sumber assessment_360 atau guidance yang menyebutkan putaran atau sesi",
    ),
    (
        "name the 360° round or the guidance session the problem was found in",
        "sebutkan putaran penilaian 360° atau sesi bimbingan tempat masalah ditemukan",
    ),
    (
        "must be a 360° round assessing the employee, or a guidance session they attended",
        "harus berupa putaran penilaian 360° yang menilai pegawai tersebut, atau sesi bimbingan yang diikutinya",
    ),
    (
        "Every follow-up must be done or cancelled before the case closes.",
        "Setiap tindak lanjut harus selesai atau dibatalkan sebelum kasus ditutup.",
    ),
    (
        "an independent counselor is an active account with the counselor role",
        "konselor independen adalah akun aktif dengan peran counselor",
    ),
    (
        "nobody counsels themselves",
        "tidak seorang pun dapat menjadi konselor bagi dirinya sendiri",
    ),
    (
        "an appraiser counselor is the employee's direct superior",
        "konselor berjenis appraiser adalah atasan langsung pegawai",
    ),
    (
        "the counselor has no superior to report to other than the employee",
        "konselor tidak memiliki atasan, selain pegawai itu sendiri, yang dapat menerima laporannya",
    ),
    ("1 to {} follow-ups", "1 sampai {} tindak lanjut"),
    (
        "a follow-up is due today or later",
        "batas waktu tindak lanjut paling cepat hari ini",
    ),
    ("follow-up", "tindak lanjut"),
    (
        "Only the follow-up's owner and the recipient of the report update it.",
        "Hanya penanggung jawab tindak lanjut dan penerima laporan yang dapat memperbaruinya.",
    ),
    (
        "Only the recipient who decided the follow-up cancels it; its owner marks it done.",
        "Hanya penerima laporan yang memutuskan tindak lanjut ini yang dapat membatalkannya; penanggung jawabnya menandainya selesai.",
    ),
    ("The follow-up is {}.", "Tindak lanjut berstatus {}."),
    (
        "say what came of the follow-up when it is done or cancelled",
        "jelaskan hasil tindak lanjut ketika tindak lanjut selesai atau dibatalkan",
    ),
    // src/domain/account.rs
    ("a username is required", "nama pengguna wajib diisi"),
    (
        "{} is not allowed; use letters, digits and . _ @ + -",
        "{} tidak diizinkan; gunakan huruf, angka, dan . _ @ + -",
    ),
    (
        "at least {} characters (got {})",
        "sekurang-kurangnya {} karakter (diterima {})",
    ),
    (
        "must not be the username",
        "tidak boleh sama dengan nama pengguna",
    ),
    // src/domain/behaviour.rs
    (
        "the four weights sum to {}, not 100",
        "jumlah keempat bobot adalah {}, bukan 100",
    ),
    (
        "this round's regime {} asks for {}",
        "regime putaran ini, {}, meminta {}",
    ),
    ("the answer is an object of {}", "jawaban berupa objek {}"),
    ("the aspects are {}", "aspek yang tersedia: {}"),
    (
        "kepemimpinan is asked of managerial assessees (JPT, administrator, pengawas) only",
        "aspek kepemimpinan hanya dinilai untuk pegawai yang dinilai dalam jabatan manajerial (JPT, administrator, pengawas)",
    ),
    (
        "a whole number from 0 to {}",
        "bilangan bulat dari 0 sampai {}",
    ),
    (
        "every aspect that applies is scored",
        "setiap aspek yang berlaku wajib diberi nilai",
    ),
    ("the values are {}", "nilai yang tersedia: {}"),
    (
        "an object {\"rating\", \"feedback\"?}",
        "objek {\"rating\", \"feedback\"?}",
    ),
    (
        "a value's answer has `rating` and `feedback` only",
        "jawaban untuk setiap nilai hanya memuat `rating` dan `feedback`",
    ),
    (
        "one of below, meets, above",
        "salah satu dari below, meets, above",
    ),
    ("feedback is text", "feedback harus berupa teks"),
    (
        "all seven values are rated",
        "ketujuh nilai wajib diberi rating",
    ),
    // src/domain/distribution.rs
    ("at most {}% {}", "paling banyak {}% {}"),
    ("at least {}% {}", "sekurang-kurangnya {}% {}"),
    ("at least one {}", "sekurang-kurangnya satu {}"),
    ("{}: {} of {} ({}%)", "{}: {} dari {} ({}%)"),
    // src/domain/evaluation.rs
    ("main results: {}", "hasil kerja utama: {}"),
    (
        "main results meet expectation ({}); with the additional results {}, which lifts the rating to above",
        "hasil kerja utama sesuai ekspektasi ({}); bersama hasil kerja tambahan, {}, sehingga rating naik menjadi above",
    ),
    (
        "main results: {}; additional results do not lift it",
        "hasil kerja utama: {}; hasil kerja tambahan tidak menaikkannya",
    ),
    // src/domain/nip.rs
    (
        "{} is not a two-digit code or a range of them; expected e.g. 21-29 or 21,24",
        "{} bukan kode dua digit atau rentang kode; contoh yang benar: 21-29 atau 21,24",
    ),
    (
        "a NIP has digits only (spaces between groups allowed), not {}",
        "NIP hanya terdiri atas angka (spasi di antara kelompok angka diperbolehkan), bukan {}",
    ),
    (
        "a NIP has 18 digits; this one has {}",
        "NIP terdiri atas 18 digit; NIP ini memiliki {} digit",
    ),
    (
        "digits 1-8 are the birth date YYYYMMDD; {} is not a date from {} on",
        "digit 1-8 adalah tanggal lahir YYYYMMDD; {} bukan tanggal yang valid sejak tahun {}",
    ),
    (
        "digits 1-8 are the birth date YYYYMMDD; {} is in the future",
        "digit 1-8 adalah tanggal lahir YYYYMMDD; {} berada di masa mendatang",
    ),
    (
        "digit 15 is the gender: 1 (male) or 2 (female), not {}",
        "digit 15 adalah jenis kelamin: 1 (laki-laki) atau 2 (perempuan), bukan {}",
    ),
    (
        "digits 16-18 are the sequence number, from 001 to 999, not 000",
        "digit 16-18 adalah nomor urut, dari 001 sampai 999, bukan 000",
    ),
    (
        "digits 9-14 are the appointment month YYYYMM (TMT CPNS) of a PNS; {} has no month {} (an NI PPPK has a year and a PPPK code there: is the employee PPPK?)",
        "digit 9-14 adalah bulan pengangkatan YYYYMM (TMT CPNS) seorang PNS; {} tidak memuat bulan {} (NI PPPK memuat tahun dan kode PPPK di posisi tersebut: apakah pegawai ini PPPK?)",
    ),
    (
        "digits 9-14 are the appointment month YYYYMM (TMT CPNS); {} is not after the birth date {}",
        "digit 9-14 adalah bulan pengangkatan YYYYMM (TMT CPNS); {} tidak berada setelah tanggal lahir {}",
    ),
    (
        "digits 9-12 are the PPPK appointment year YYYY; {} is before {}, when someone born {} turned {}",
        "digit 9-12 adalah tahun pengangkatan PPPK YYYY; {0} lebih awal daripada {1}, tahun ketika seseorang yang lahir {2} berusia {3} tahun",
    ),
    (
        "digits 13-14 are the PPPK code; {} is not one in use ({})",
        "digit 13-14 adalah kode PPPK; {} bukan kode yang digunakan ({})",
    ),
    // src/domain/org.rs
    (
        "a PNS holds a golongan ruang from I/a to IV/e",
        "PNS memiliki golongan ruang dari I/a sampai IV/e",
    ),
    (
        "a PPPK holds a golongan from I to XVII",
        "PPPK memiliki golongan dari I sampai XVII",
    ),
    (
        "{} is not on the scale: {}",
        "{} tidak termasuk dalam skala: {}",
    ),
    // src/domain/scoring/permenpan6_2022.rs
    (
        "{} of {} results above expectation and no main result below",
        "{} dari {} hasil kerja di atas ekspektasi dan tidak ada hasil kerja utama di bawah ekspektasi",
    ),
    (
        "{} of {} results below expectation",
        "{} dari {} hasil kerja di bawah ekspektasi",
    ),
    (
        "{} of {} results above expectation, but a main result is below",
        "{} dari {} hasil kerja di atas ekspektasi, tetapi ada hasil kerja utama di bawah ekspektasi",
    ),
    (
        "{} above, {} below of {}: neither is most",
        "{} di atas dan {} di bawah ekspektasi dari {}: tidak ada yang merupakan mayoritas",
    ),
    (
        "mean of {} values = {} (below 1, meets 2, above 3; ≥ 2.5 above, < 1.5 below)",
        "rata-rata {} nilai = {} (below 1, meets 2, above 3; ≥ 2.5 above, < 1.5 below)",
    ),
    // src/domain/text_enum.rs
    (
        "{} is not a {} this version knows",
        "{} bukan {} yang dikenal oleh versi ini",
    ),
    // src/error.rs
    (
        "No route matches {} {}.",
        "Tidak ada rute yang cocok dengan {} {}.",
    ),
    (
        "{} is not allowed here; allowed: {}.",
        "{} tidak diizinkan di sini; yang diizinkan: {}.",
    ),
    (
        "The request body is not valid JSON: {}.",
        "Isi permintaan bukan JSON yang valid: {}.",
    ),
    (
        "The {} parameter {} is invalid: {}.",
        "Parameter {} {} tidak valid: {}.",
    ),
    (
        "The path parameter {} is invalid: {}.",
        "Parameter path {} tidak valid: {}.",
    ),
    (
        "The query parameter {} is invalid: {}.",
        "Parameter query {} tidak valid: {}.",
    ),
    (
        "The header parameter {} is invalid: {}.",
        "Header {} tidak valid: {}.",
    ),
    ("no Content-Type", "tanpa Content-Type"),
    (
        "Send the body as {} (got {}).",
        "Kirim isi permintaan sebagai {} (diterima: {}).",
    ),
    (
        "The request body is larger than the limit of {} bytes.",
        "Isi permintaan melebihi batas {} bita.",
    ),
    (
        "The request body did not arrive within {} seconds.",
        "Isi permintaan tidak diterima dalam {} detik.",
    ),
    ("1 field is invalid.", "1 kolom tidak valid."),
    ("{} fields are invalid.", "{} kolom tidak valid."),
    (
        "Authentication required: {}.",
        "Autentikasi diperlukan: {}.",
    ),
    ("No {} with id {}.", "Tidak ada {} dengan id {}."),
    (
        "The resource has changed (now version {}); read it again and retry.",
        "Sumber daya telah berubah (kini versi {}); baca ulang lalu coba lagi.",
    ),
    (
        "Another request changed the same data at the same time; read it again and retry.",
        "Permintaan lain mengubah data yang sama pada saat bersamaan; baca ulang lalu coba lagi.",
    ),
    (
        "Too many requests; try again in {} seconds.",
        "Terlalu banyak permintaan; coba lagi dalam {} detik.",
    ),
    (
        "The database is not answering; try again shortly.",
        "Basis data tidak merespons; coba lagi sebentar lagi.",
    ),
    (
        "An unexpected error occurred. Quote the X-Request-Id response header when reporting it.",
        "Terjadi kesalahan yang tidak terduga. Sertakan nilai header respons X-Request-Id saat melaporkannya.",
    ),
    ("Bad Request", "Permintaan Tidak Valid"),
    ("Unauthorized", "Tidak Terautentikasi"),
    ("Forbidden", "Akses Ditolak"),
    ("Not Found", "Tidak Ditemukan"),
    ("Method Not Allowed", "Metode Tidak Diizinkan"),
    ("Request Timeout", "Waktu Permintaan Habis"),
    ("Conflict", "Konflik"),
    ("Gone", "Tidak Tersedia Lagi"),
    ("Precondition Failed", "Prasyarat Tidak Terpenuhi"),
    ("Payload Too Large", "Muatan Terlalu Besar"),
    ("Unsupported Media Type", "Tipe Media Tidak Didukung"),
    ("Range Not Satisfiable", "Rentang Tidak Dapat Dipenuhi"),
    ("Unprocessable Entity", "Entitas Tidak Dapat Diproses"),
    ("Too Many Requests", "Terlalu Banyak Permintaan"),
    ("Internal Server Error", "Kesalahan Internal Server"),
    ("Service Unavailable", "Layanan Tidak Tersedia"),
    ("Error", "Kesalahan"),
    // src/evaluations/mod.rs
    ("evaluation", "evaluasi"),
    (
        "\"annual\" or a sub-period number from 1 to {}",
        "\"annual\" atau nomor subperiode dari 1 sampai {}",
    ),
    (
        "The plan has a {} evaluation already.",
        "Rencana kinerja ini sudah memiliki evaluasi {}.",
    ),
    (
        "The evaluation is {}; feedback changes while it is open.",
        "Evaluasi berstatus {}; umpan balik hanya dapat diubah selama evaluasi masih terbuka.",
    ),
    (
        "under pp30_2021 results are scored from their realisations, not rated",
        "dalam pp30_2021, hasil kerja dinilai dari realisasinya, bukan diberi rating",
    ),
    ("work result", "hasil kerja"),
    ("BerAKHLAK value", "nilai BerAKHLAK"),
    (
        "per-value feedback belongs to permenpan6_2022; under pp30_2021 the rating gives behaviour_aspects",
        "umpan balik per nilai hanya berlaku dalam permenpan6_2022; dalam pp30_2021, penilaian memuat behaviour_aspects",
    ),
    // src/evaluations/objections.rs
    (
        "The evaluation has an open objection already.",
        "Evaluasi ini sudah memiliki keberatan yang masih terbuka.",
    ),
    (
        "The evaluation is {}; objections follow a final one.",
        "Evaluasi berstatus {}; keberatan hanya dapat diajukan atas evaluasi yang sudah final.",
    ),
    (
        "An objection against this evaluation was decided; the decision is final.",
        "Keberatan atas evaluasi ini sudah diputus; keputusannya bersifat final.",
    ),
    (
        "Objections are filed within {} days of the evaluation becoming final.",
        "Keberatan diajukan paling lambat {} hari sejak evaluasi menjadi final.",
    ),
    (
        "The appraiser has no superior to decide an objection; hr must set one first.",
        "Pejabat penilai kinerja tidak memiliki atasan yang dapat memutus keberatan; hr harus menetapkannya terlebih dahulu.",
    ),
    ("objection", "keberatan"),
    (
        "The objection was {}; the decision is final.",
        "Keberatan berstatus {}; keputusannya bersifat final.",
    ),
    (
        "0 to 120 with at most two decimals",
        "0 sampai 120 dengan paling banyak dua angka desimal",
    ),
    (
        "only an upheld objection changes ratings or scores",
        "hanya keberatan yang dikabulkan yang dapat mengubah rating atau nilai",
    ),
    (
        "Only the appraiser's superior named when the objection was filed decides it.",
        "Hanya atasan pejabat penilai kinerja yang ditetapkan saat keberatan diajukan yang dapat memutus keberatan ini.",
    ),
    (
        "permenpan6_2022 changes work_rating and behaviour_rating",
        "dalam permenpan6_2022, yang diubah adalah work_rating dan behaviour_rating",
    ),
    (
        "pp30_2021 changes skp_score and behaviour_score",
        "dalam pp30_2021, yang diubah adalah skp_score dan behaviour_score",
    ),
    // src/evaluations/rating.rs
    (
        "the suggestion is {} ({}); give a reason for {}",
        "saran sistem adalah {} ({}); berikan alasan untuk {}",
    ),
    (
        "there is nothing to suggest it from; set it",
        "tidak ada dasar untuk menyarankannya; tetapkan secara langsung",
    ),
    (
        "The evaluation is {}; it was rated and finalised.",
        "Evaluasi berstatus {}; evaluasi ini sudah dinilai dan difinalkan.",
    ),
    ("result {}", "hasil kerja {}"),
    ("value {}", "nilai {}"),
    (
        "Give feedback{} first on: {}.",
        "Berikan umpan balik{} terlebih dahulu untuk: {}.",
    ),
    (" and a rating", " dan rating"),
    (
        "Give feedback and a rating first on: {}.",
        "Berikan umpan balik dan rating terlebih dahulu untuk: {}.",
    ),
    (
        "Give feedback first on: {}.",
        "Berikan umpan balik terlebih dahulu untuk: {}.",
    ),
    (
        "not part of a {} evaluation",
        "bukan bagian dari evaluasi {}",
    ),
    (
        "the head of the unit follows the unit's predikat {}",
        "pimpinan unit kerja mengikuti predikat unit kerjanya, yaitu {}",
    ),
    (
        "suggested by the closed 360° round of the period",
        "disarankan oleh putaran penilaian 360° periode ini yang sudah ditutup",
    ),
    (
        "the closed 360° round of the period gives the behaviour score",
        "nilai perilaku kerja berasal dari putaran penilaian 360° periode ini yang sudah ditutup",
    ),
    (
        "{} (no closed 360° round of the period assesses this employee)",
        "{} (tidak ada putaran penilaian 360° periode ini yang sudah ditutup yang menilai pegawai ini)",
    ),
    (
        "No counted result has a realisation yet, so there is no SKP score to rate.",
        "Belum ada hasil kerja yang dihitung yang memiliki realisasi, sehingga belum ada nilai SKP untuk dinilai.",
    ),
    // src/evaluations/unit.rs
    (
        "The head of the parent unit sets a unit's predikat, or hr of the unit citing the decision.",
        "Predikat unit kerja ditetapkan oleh pimpinan unit kerja induk, atau oleh hr unit kerja tersebut dengan menyebutkan keputusannya.",
    ),
    (
        "hr records the decision of the head of the parent unit it carries out",
        "hr mencatat keputusan pimpinan unit kerja induk yang dilaksanakannya",
    ),
    (
        "The unit's evaluations for this slot are final; its predikat no longer changes.",
        "Evaluasi unit kerja untuk slot ini sudah final; predikatnya tidak dapat diubah lagi.",
    ),
    (
        "Set the unit's organisation predikat for this slot first: it bounds the distribution.",
        "Tetapkan predikat kinerja organisasi unit kerja untuk slot ini terlebih dahulu: predikat tersebut membatasi distribusi.",
    ),
    ("Not rated yet: {}.", "Belum dinilai: {}."),
    (
        "The distribution breaks the curve: {}. Send acknowledge_violations with a reason to finalise anyway.",
        "Distribusi melanggar kurva: {}. Kirim acknowledge_violations beserta alasannya untuk tetap memfinalkan.",
    ),
    (
        "acknowledging violations of the curve needs a reason, which is kept",
        "pengakuan atas pelanggaran kurva memerlukan alasan, yang akan disimpan",
    ),
    // src/guidance/mod.rs
    ("guidance session", "sesi bimbingan"),
    (
        "a session is recorded once it was held",
        "sesi dicatat setelah dilaksanakan",
    ),
    ("1 to {} employees", "1 sampai {} pegawai"),
    (
        "the person giving guidance is not one of its employees",
        "pemberi bimbingan tidak boleh menjadi salah satu pegawai peserta sesi",
    ),
    (
        "you give guidance to your direct reports; hr assigns anyone else",
        "Anda memberikan bimbingan kepada bawahan langsung Anda; pemberi bimbingan lainnya ditugaskan oleh hr",
    ),
    (
        "an individual session has one employee, a group session two or more",
        "sesi individu memiliki satu pegawai, sesi kelompok dua pegawai atau lebih",
    ),
    (
        "results belong to a plan: give plan_id",
        "hasil kerja merupakan bagian dari rencana kinerja: isi plan_id",
    ),
    (
        "must be a plan of one of the session's employees",
        "harus berupa rencana kinerja salah satu pegawai peserta sesi",
    ),
    (
        "must be a work result of the plan",
        "harus berupa hasil kerja dari rencana kinerja tersebut",
    ),
    (
        "Guidance is given by the employees' superior (a person with an employee record), or by a person hr of their units assigns with giver_id.",
        "Bimbingan kinerja diberikan oleh atasan para pegawai (orang yang memiliki data pegawai), atau oleh orang yang ditugaskan hr unit kerja mereka melalui giver_id.",
    ),
    (
        "Only the session's employees file its feedback form.",
        "Hanya pegawai peserta sesi yang dapat mengisi formulir umpan baliknya.",
    ),
    (
        "Only the person who gave the guidance evaluates competencies.",
        "Hanya pemberi bimbingan yang dapat mengevaluasi kompetensi.",
    ),
    (
        "Only the person who gave the guidance and hr of its employees' units edit it.",
        "Hanya pemberi bimbingan dan hr unit kerja para pegawainya yang dapat mengubahnya.",
    ),
    (
        "each statement is answered once",
        "setiap pernyataan dijawab satu kali",
    ),
    (
        "every statement needs an answer; missing: {}",
        "setiap pernyataan harus dijawab; yang belum: {}",
    ),
    (
        "must be one of the session's employees",
        "harus salah satu pegawai peserta sesi",
    ),
    (
        "a group session's competency evaluation names the employee",
        "evaluasi kompetensi pada sesi kelompok harus menyebutkan pegawainya",
    ),
    ("1 to {} competencies", "1 sampai {} kompetensi"),
    ("1 to 5", "1 sampai 5"),
    (
        "a score of 1, 2 or 5 is explained",
        "nilai 1, 2, atau 5 wajib disertai alasan",
    ),
    (
        "1, or 2 when the period is longer than six months",
        "1, atau 2 jika periode lebih dari enam bulan",
    ),
    // src/org/employees.rs
    ("not an e-mail address", "bukan alamat surel yang valid"),
    (
        "An employee with the NIP {} exists already.",
        "Pegawai dengan NIP {} sudah ada.",
    ),
    ("this employee is inactive", "pegawai ini tidak aktif"),
    (
        "an employee cannot be their own superior",
        "pegawai tidak dapat menjadi atasan bagi dirinya sendiri",
    ),
    (
        "this employee is above the proposed superior; the chain would loop",
        "pegawai ini berada di atas calon atasannya; rantai atasan akan berputar",
    ),
    (
        "The unit lies outside the org units you govern.",
        "Unit kerja tersebut berada di luar unit kerja yang Anda bawahi.",
    ),
    (
        "the employee's NIP {} does not fit {}: {}",
        "NIP pegawai {} tidak sesuai untuk {}: {}",
    ),
    (
        "only together with \"status\": \"inactive\"",
        "hanya bersama \"status\": \"inactive\"",
    ),
    (
        "{} active employee(s) still report to this employee; name `reassign_to` to re-point them in the same change.",
        "{} pegawai aktif masih melapor kepada pegawai ini; isi `reassign_to` untuk memindahkan mereka dalam perubahan yang sama.",
    ),
    // src/org/mod.rs
    ("must not be empty", "tidak boleh kosong"),
    ("this org unit is inactive", "unit kerja ini tidak aktif"),
    // src/org/sync.rs
    (
        "not applied: {} row(s) failed; correct them and send the batch again",
        "tidak diterapkan: {} baris gagal; perbaiki lalu kirim ulang batch",
    ),
    ("1 to {} rows", "1 sampai {} baris"),
    (
        "listed twice in the batch",
        "dicantumkan dua kali dalam batch",
    ),
    ("no {} has this key", "tidak ada {} dengan kunci ini"),
    (
        "deactivate_missing covers a unit subtree the caller manages.",
        "deactivate_missing hanya berlaku untuk subpohon unit kerja yang dikelola pemanggil.",
    ),
    (
        "Another request created an employee of this batch meanwhile; send the batch again.",
        "Permintaan lain telah membuat salah satu pegawai dalam batch ini pada saat bersamaan; kirim ulang batch.",
    ),
    (
        "This employee's record lies outside the org units you govern.",
        "Data pegawai ini berada di luar unit kerja yang Anda bawahi.",
    ),
    // src/org/units.rs
    (
        "{} is not allowed; use letters, digits and . _ - /",
        "{} tidak diizinkan; gunakan huruf, angka, dan . _ - /",
    ),
    (
        "An org unit with the code {} exists already.",
        "Unit kerja dengan kode {} sudah ada.",
    ),
    (
        "{} lies outside the org units you govern.",
        "{} berada di luar unit kerja yang Anda bawahi.",
    ),
    ("The parent unit", "Unit kerja induk"),
    ("This unit", "Unit kerja ini"),
    (
        "this unit is the parent or one of its ancestors; the tree would loop",
        "unit kerja ini adalah induknya atau salah satu leluhurnya; pohon unit kerja akan berputar",
    ),
    (
        "The unit still has {} active sub-unit(s) and {} active employee(s); move or deactivate them first.",
        "Unit kerja ini masih memiliki {} subunit aktif dan {} pegawai aktif; pindahkan atau nonaktifkan terlebih dahulu.",
    ),
    (
        "The parent unit is inactive; reactivate it first or move this unit.",
        "Unit kerja induk tidak aktif; aktifkan kembali terlebih dahulu atau pindahkan unit kerja ini.",
    ),
    // src/plans/content.rs
    (
        "no active employee whose plan you may start has this id",
        "tidak ada pegawai aktif dengan id ini yang rencana kinerjanya boleh Anda mulai",
    ),
    (
        "Only hr may choose another appraiser.",
        "Hanya hr yang dapat memilih pejabat penilai kinerja lain.",
    ),
    ("The period is closed.", "Periode sudah ditutup."),
    (
        "{} has a plan for this period and position ({}) already.",
        "{} sudah memiliki rencana kinerja untuk periode dan jabatan ini ({}).",
    ),
    (
        "an employee cannot appraise their own plan",
        "pegawai tidak dapat menilai rencana kinerjanya sendiri",
    ),
    ("The plan is {}.", "Rencana kinerja berstatus {}."),
    (
        "The period is {}; plans change while it is planning or running.",
        "Periode berstatus {}; rencana kinerja hanya dapat diubah selama periode berstatus planning atau running.",
    ),
    (
        "The period is evaluation; plans change while it is planning or running.",
        "Periode berstatus evaluation; rencana kinerja hanya dapat diubah selama periode berstatus planning atau running.",
    ),
    (
        "must be a work result in the current plan of the employee's direct superior for the same period",
        "harus berupa hasil kerja dalam rencana kinerja yang berlaku milik atasan langsung pegawai untuk periode yang sama",
    ),
    (
        "a qualitative expectation belongs to regime permenpan6_2022",
        "ekspektasi kualitatif hanya berlaku dalam regime permenpan6_2022",
    ),
    (
        "a result needs indicators or an expectation",
        "hasil kerja memerlukan indikator atau ekspektasi",
    ),
    (
        "not an indicator of this result; leave `id` out for a new one",
        "bukan indikator hasil kerja ini; kosongkan `id` untuk indikator baru",
    ),
    (
        "this indicator is listed twice",
        "indikator ini dicantumkan dua kali",
    ),
    (
        "a new result has no indicators to keep; leave `id` out",
        "hasil kerja baru belum memiliki indikator untuk dipertahankan; kosongkan `id`",
    ),
    (
        "{} work result(s) of subordinates' plans support this result; unlink them first.",
        "{} hasil kerja dalam rencana kinerja bawahan mendukung hasil kerja ini; lepaskan tautannya terlebih dahulu.",
    ),
    // src/plans/periods.rs
    (
        "The {} period {} ({} to {}) overlaps these dates.",
        "Periode {} {} ({} sampai {}) tumpang tindih dengan tanggal-tanggal ini.",
    ),
    (
        "{} is before starts_on {}",
        "{} lebih awal daripada starts_on {}",
    ),
    ("0 to {} days", "0 sampai {} hari"),
    ("1 to 10000 employees", "1 sampai 10000 pegawai"),
    ("0 to 12 sessions", "0 sampai 12 sesi"),
    ("0 to 365 days", "0 sampai 365 hari"),
    (
        "The period is {}; it cannot go back to {}.",
        "Periode berstatus {}; statusnya tidak dapat kembali menjadi {}.",
    ),
    (
        "The period is evaluation; it cannot go back to {}.",
        "Periode berstatus evaluation; statusnya tidak dapat kembali menjadi {}.",
    ),
    (
        "The period is {}; it cannot go back to evaluation.",
        "Periode berstatus {}; statusnya tidak dapat kembali menjadi evaluation.",
    ),
    (
        "Whether 360° is used can only change while the period is planning.",
        "Penggunaan penilaian 360° hanya dapat diubah selama periode berstatus planning.",
    ),
    (
        "The evaluation settings can only change while the period is planning.",
        "Pengaturan evaluasi hanya dapat diubah selama periode berstatus planning.",
    ),
    (
        "a deadline changes with a reason, kept in the audit trail",
        "perubahan tenggat harus disertai alasan, yang disimpan dalam jejak audit",
    ),
    // src/plans/realizations.rs
    ("at most {} links", "paling banyak {} tautan"),
    (
        "an http(s) URL without spaces, at most {} characters",
        "URL http(s) tanpa spasi, paling banyak {} karakter",
    ),
    (
        "not an indicator of this plan",
        "bukan indikator rencana kinerja ini",
    ),
    (
        "this period has sub-periods 1 to {}",
        "periode ini memiliki subperiode 1 sampai {}",
    ),
    // src/plans/score.rs
    (
        "Under permenpan6_2022 work results are rated by the appraiser in the evaluation; there is no score to compute from realisations.",
        "Dalam permenpan6_2022, hasil kerja diberi rating oleh pejabat penilai kinerja dalam evaluasi; tidak ada nilai yang dihitung dari realisasi.",
    ),
    (
        "give every {} result a weight, or none for equal weights",
        "beri bobot pada setiap hasil kerja {}, atau kosongkan semuanya agar bobotnya sama",
    ),
    (
        "give every main result a weight, or none for equal weights",
        "beri bobot pada setiap hasil kerja utama, atau kosongkan semuanya agar bobotnya sama",
    ),
    (
        "give every counted result a weight, or none for equal weights",
        "beri bobot pada setiap hasil kerja yang dihitung, atau kosongkan semuanya agar bobotnya sama",
    ),
    (
        "the weights of the {} results sum to {}, not 100",
        "jumlah bobot hasil kerja {} adalah {}, bukan 100",
    ),
    (
        "the weights of the main results sum to {}, not 100",
        "jumlah bobot hasil kerja utama adalah {}, bukan 100",
    ),
    (
        "the weights of the counted results sum to {}, not 100",
        "jumlah bobot hasil kerja yang dihitung adalah {}, bukan 100",
    ),
    // src/plans/workflow.rs
    (
        "The revision cannot be approved: the plan it replaces is {}.",
        "Revisi tidak dapat disetujui: rencana kinerja yang digantikannya berstatus {}.",
    ),
    (
        "The plan's appraiser",
        "Pejabat penilai kinerja pada rencana kinerja ini",
    ),
    ("The employee's superior", "Atasan langsung pegawai"),
    (
        "The employee has no superior; hr must set the plan's appraiser first.",
        "Pegawai tidak memiliki atasan; hr harus menetapkan pejabat penilai kinerja pada rencana kinerja terlebih dahulu.",
    ),
    (
        "{} is inactive; hr must set an active appraiser (or the employee's superior) first.",
        "{} tidak aktif; hr harus menetapkan pejabat penilai kinerja yang aktif (atau atasan langsung pegawai) terlebih dahulu.",
    ),
    (
        "{}, {}, is inactive; hr must set an active appraiser (or the employee's superior) first.",
        "{}, {}, tidak aktif; hr harus menetapkan pejabat penilai kinerja yang aktif (atau atasan langsung pegawai) terlebih dahulu.",
    ),
    (
        "a plan needs at least one main result",
        "rencana kinerja memerlukan sekurang-kurangnya satu hasil kerja utama",
    ),
    (
        "A revision of this plan is awaiting approval already; edit or submit that one.",
        "Revisi rencana kinerja ini sudah menunggu persetujuan; ubah atau ajukan revisi tersebut.",
    ),
    // src/store/versioned.rs
    (
        "{} is not an ETag this API issued (such as \"3\")",
        "{} bukan ETag yang diterbitkan API ini (misalnya \"3\")",
    ),
    // src/error.rs: what each problem code means (`GET /api/v1/reference`)
    ("the body is not JSON", "isi permintaan bukan JSON"),
    (
        "a path parameter cannot be read; `errors[].parameter` names it",
        "parameter path tidak dapat dibaca; `errors[].parameter` menyebutkannya",
    ),
    (
        "a query parameter cannot be read; `errors[].parameter` names it",
        "parameter query tidak dapat dibaca; `errors[].parameter` menyebutkannya",
    ),
    (
        "a header such as `If-Match` cannot be read",
        "header seperti `If-Match` tidak dapat dibaca",
    ),
    (
        "token endpoint: a parameter is missing or unreadable (RFC 6749)",
        "endpoint token: parameter tidak ada atau tidak dapat dibaca (RFC 6749)",
    ),
    (
        "token endpoint: wrong credentials or an unusable refresh token",
        "endpoint token: kredensial salah atau refresh token tidak dapat dipakai",
    ),
    (
        "token endpoint: an unknown `grant_type`",
        "endpoint token: `grant_type` tidak dikenal",
    ),
    (
        "token endpoint: a scope the client does not hold",
        "endpoint token: scope yang tidak dimiliki klien",
    ),
    ("no bearer token", "tidak ada bearer token"),
    (
        "a bearer token that is not acceptable (`WWW-Authenticate` says why)",
        "bearer token tidak dapat diterima (`WWW-Authenticate` menyebutkan alasannya)",
    ),
    (
        "token endpoint: wrong or disabled client credentials",
        "endpoint token: kredensial klien salah atau dinonaktifkan",
    ),
    (
        "the caller may not do this",
        "pemanggil tidak berwenang melakukan ini",
    ),
    (
        "no such thing, or not the caller's business",
        "data tidak ada, atau bukan kewenangan pemanggil",
    ),
    ("no such route", "rute tidak ada"),
    (
        "the path exists with other methods (listed in `Allow`)",
        "path ini ada dengan metode lain (tercantum di `Allow`)",
    ),
    (
        "the body did not arrive within `KINERJA_BODY_TIMEOUT_SECS`",
        "isi permintaan tidak tiba dalam `KINERJA_BODY_TIMEOUT_SECS`",
    ),
    ("the username is taken", "nama pengguna sudah dipakai"),
    (
        "the last active admin cannot be disabled or demoted",
        "admin aktif terakhir tidak dapat dinonaktifkan atau diturunkan perannya",
    ),
    (
        "the employee has an account already",
        "pegawai sudah memiliki akun",
    ),
    (
        "an org unit has this code already",
        "kode ini sudah dipakai unit kerja lain",
    ),
    (
        "an employee has this NIP already",
        "NIP ini sudah dipakai pegawai lain",
    ),
    (
        "the unit still has active sub-units or employees",
        "unit kerja masih memiliki subunit atau pegawai aktif",
    ),
    (
        "the parent unit is inactive",
        "unit kerja induk tidak aktif",
    ),
    (
        "active employees still report to the employee leaving; name `reassign_to`",
        "masih ada pegawai aktif yang melapor kepada pegawai yang keluar; sebutkan `reassign_to`",
    ),
    (
        "another period of the same kind shares a day",
        "periode lain dengan jenis yang sama beririsan tanggalnya",
    ),
    (
        "a period's status only moves forward",
        "status periode hanya dapat maju",
    ),
    (
        "this can only change while the period is planning",
        "ini hanya dapat diubah selama periode berstatus perencanaan",
    ),
    ("the period is closed", "periode sudah ditutup"),
    (
        "plans are written, submitted and approved while the period is planning or running",
        "rencana kinerja disusun, diajukan, dan disetujui selama periode berstatus perencanaan atau berjalan",
    ),
    (
        "the employee has a plan for this period and position already",
        "pegawai sudah memiliki rencana kinerja untuk periode dan jabatan ini",
    ),
    (
        "the employee has no superior and hr chose no appraiser",
        "pegawai tidak memiliki atasan langsung dan hr belum menunjuk pejabat penilai kinerja",
    ),
    (
        "the appraiser is no longer active",
        "pejabat penilai kinerja sudah tidak aktif",
    ),
    (
        "subordinates' results still support this result",
        "hasil kerja bawahan masih mendukung hasil kerja ini",
    ),
    (
        "the ratings this step needs are not recorded",
        "penilaian yang diperlukan langkah ini belum dicatat",
    ),
    ("the plan is a draft", "rencana kinerja masih berupa draf"),
    ("the plan is submitted", "rencana kinerja sudah diajukan"),
    ("the plan is approved", "rencana kinerja sudah disetujui"),
    (
        "the plan has been revised",
        "rencana kinerja sudah direvisi",
    ),
    (
        "the plan's annual evaluation is rated",
        "evaluasi tahunan rencana kinerja sudah dinilai",
    ),
    (
        "the plan's annual evaluation is final",
        "evaluasi tahunan rencana kinerja sudah final",
    ),
    (
        "a revision of the plan is awaiting approval",
        "revisi rencana kinerja sedang menunggu persetujuan",
    ),
    (
        "the plan has an evaluation for this slot already",
        "rencana kinerja sudah memiliki evaluasi untuk slot ini",
    ),
    (
        "feedback and ratings change only while the evaluation is open",
        "umpan balik dan penilaian hanya dapat diubah selama evaluasi terbuka",
    ),
    (
        "some work results (or values) have no feedback or rating yet; the detail lists them",
        "sebagian hasil kerja (atau nilai) belum memiliki umpan balik atau penilaian; rinciannya mencantumkannya",
    ),
    (
        "some evaluations of the unit are not rated yet; the detail lists them",
        "sebagian evaluasi unit kerja belum dinilai; rinciannya mencantumkannya",
    ),
    (
        "the predikat break the unit's distribution curve; acknowledge with a reason to finalise",
        "predikat melanggar kurva distribusi unit kerja; nyatakan dengan alasan untuk memfinalkan",
    ),
    (
        "the unit has no organisation predikat for this slot",
        "unit kerja belum memiliki predikat organisasi untuk slot ini",
    ),
    (
        "objections are filed against final evaluations only",
        "keberatan hanya dapat diajukan atas evaluasi yang sudah final",
    ),
    (
        "the objection window of this evaluation has closed",
        "batas waktu keberatan atas evaluasi ini sudah lewat",
    ),
    (
        "the unit's evaluations for this slot are final; its predikat no longer changes",
        "evaluasi unit kerja untuk slot ini sudah final; predikatnya tidak lagi berubah",
    ),
    (
        "the evaluation has an open objection already",
        "evaluasi ini sudah memiliki keberatan yang masih terbuka",
    ),
    (
        "the objection is decided; the decision is final",
        "keberatan sudah diputuskan; keputusannya final",
    ),
    (
        "the appraiser has no superior to decide an objection",
        "pejabat penilai kinerja tidak memiliki atasan untuk memutuskan keberatan",
    ),
    (
        "this rater is assigned to this assessee already",
        "penilai ini sudah ditugaskan untuk pegawai yang dinilai ini",
    ),
    (
        "360° raters and weights change only while the round is a draft",
        "penilai dan bobot penilaian 360° hanya dapat diubah selama putaran masih draf",
    ),
    (
        "answers are given, and a round closed, only while it is open",
        "jawaban diberikan, dan putaran ditutup, hanya selama putaran terbuka",
    ),
    (
        "360° results exist once the round is closed",
        "hasil penilaian 360° tersedia setelah putaran ditutup",
    ),
    (
        "the counseling case is identified, not yet designated",
        "kasus konseling sudah diidentifikasi, belum ditetapkan",
    ),
    (
        "the counseling case waits for a counselor",
        "kasus konseling menunggu konselor",
    ),
    (
        "the counseling case has a counselor, not yet a meeting",
        "kasus konseling sudah memiliki konselor, belum ada pertemuan",
    ),
    (
        "the counseling session is scheduled, not yet held",
        "sesi konseling sudah dijadwalkan, belum dilaksanakan",
    ),
    (
        "the counseling record is signed, not yet reported",
        "catatan konseling sudah ditandatangani, belum dilaporkan",
    ),
    (
        "the counseling report waits for the follow-up decision",
        "laporan konseling menunggu keputusan tindak lanjut",
    ),
    (
        "the counseling follow-ups are decided and tracked",
        "tindak lanjut konseling sudah diputuskan dan dipantau",
    ),
    (
        "the counseling case is closed",
        "kasus konseling sudah ditutup",
    ),
    (
        "a counseling case closes once every follow-up is done or cancelled",
        "kasus konseling ditutup setelah setiap tindak lanjut selesai atau dibatalkan",
    ),
    (
        "the follow-up is done or cancelled already",
        "tindak lanjut sudah selesai atau dibatalkan",
    ),
    (
        "a request with this `Idempotency-Key` is still running; retry when it has answered",
        "permintaan dengan `Idempotency-Key` ini masih berjalan; ulangi setelah permintaan itu dijawab",
    ),
    (
        "another request changed the same data at the same time; read again and retry",
        "permintaan lain mengubah data yang sama pada saat yang sama; baca ulang lalu coba lagi",
    ),
    (
        "the change-feed cursor is older than the feed keeps (30 days): read everything again",
        "kursor change feed lebih lama dari yang disimpan (30 hari): baca ulang semuanya",
    ),
    (
        "`If-Match` names an older version (the current `ETag` is in the response)",
        "`If-Match` menyebut versi yang lebih lama (`ETag` terkini ada di respons)",
    ),
    (
        "the body exceeds `KINERJA_BODY_LIMIT_BYTES`",
        "isi permintaan melebihi `KINERJA_BODY_LIMIT_BYTES`",
    ),
    (
        "the body is not sent as a type the operation accepts",
        "isi permintaan tidak dikirim dalam tipe yang diterima operasi ini",
    ),
    (
        "this `Idempotency-Key` was used with another request body",
        "`Idempotency-Key` ini sudah dipakai dengan isi permintaan lain",
    ),
    (
        "well-formed but invalid values; one `errors[]` entry per field",
        "format benar tetapi nilainya tidak valid; satu entri `errors[]` per isian",
    ),
    (
        "too many failed logins (`Retry-After`)",
        "terlalu banyak login gagal (`Retry-After`)",
    ),
    (
        "more requests than `KINERJA_RATE_LIMIT_PER_MINUTE` (`Retry-After`)",
        "permintaan melebihi `KINERJA_RATE_LIMIT_PER_MINUTE` (`Retry-After`)",
    ),
    (
        "another error the HTTP layer produced (its status is kept)",
        "kesalahan lain dari lapisan HTTP (statusnya dipertahankan)",
    ),
    (
        "a bug; the log has the cause",
        "kesalahan program; penyebabnya ada di log",
    ),
    (
        "the database does not answer (`Retry-After`)",
        "basis data tidak menjawab (`Retry-After`)",
    ),
    (
        "too many password checks are running; try again shortly (`Retry-After`)",
        "terlalu banyak pemeriksaan kata sandi sedang berjalan; coba lagi sebentar lagi (`Retry-After`)",
    ),
    (
        "a result has at most {} indicators",
        "satu hasil kerja memiliki paling banyak {} indikator",
    ),
    ("at most {} results", "paling banyak {} hasil kerja"),
    // the uuid crate, for an id in a path that is not a UUID
    ("UUID parsing failed: {}", "UUID tidak dapat dibaca: {}"),
    // src/auth/principal.rs
    (
        "the client has changed since the token was issued (a new secret, scopes or name); ask for a new token",
        "klien telah berubah sejak token diterbitkan (secret baru, scope, atau nama); mintalah token baru",
    ),
];
