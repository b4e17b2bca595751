//! NIP (Nomor Induk Pegawai), the 18-digit number of every ASN employee. Both kinds begin with
//! the birth date `YYYYMMDD` and end with a gender digit and a sequence `NNN` (001–999); the six
//! digits between depend on the ASN type (domain.md):
//! - PNS: the appointment month `YYYYMM` (TMT CPNS), e.g. `198503152010012003`;
//! - PPPK (NI PPPK): the appointment year `YYYY` and a PPPK code `NN` (21; 24 for part-time
//!   PPPK), e.g. `199312282025212001`.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

use super::org::AsnType;

/// A NIP whose every part has been checked. It can only be made by [`Nip::parse_as`] (a number
/// being registered) or [`Nip::parse`] (a number to look up).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Nip(String);

/// Which part of a NIP is wrong, with a message that says so in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NipError {
    /// Stable code: `nip_length`, `nip_not_digits`, `nip_birth_date`,
    /// `nip_appointment_month` (PNS), `nip_appointment_year` and `nip_pppk_code` (PPPK),
    /// `nip_gender_digit`, `nip_sequence`.
    pub code: &'static str,
    pub message: String,
}

fn error(code: &'static str, message: String) -> NipError {
    NipError { code, message }
}

/// The earliest year a birth date or appointment in a NIP may carry.
const EARLIEST_YEAR: i32 = 1900;

/// A PPPK's appointment year is at least their birth year plus this (the minimum age).
const PPPK_MIN_AGE_YEARS: u32 = 17;

/// The PPPK codes (digits 13–14 of an NI PPPK) accepted for new numbers. Known only from
/// secondary sources, so they are a setting (`KINERJA_PPPK_CODES`) rather than a constant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PppkCodes(u128); // bit n set: code n (00–99) is accepted

impl PppkCodes {
    /// Every code from 00 to 99.
    pub const ANY: PppkCodes = PppkCodes((1 << 100) - 1);

    pub fn contains(self, code: u32) -> bool {
        code < 100 && (self.0 >> code) & 1 == 1
    }
}

/// 21–29: `21` is the common code, `24` marks part-time PPPK; the rest of the twenties is kept
/// open for codes not yet seen.
impl Default for PppkCodes {
    fn default() -> Self {
        PppkCodes((21..=29).fold(0, |bits, code| bits | 1 << code))
    }
}

/// Two-digit codes and ranges separated by commas: `21-29`, `21,24`, `21-23, 24`.
impl FromStr for PppkCodes {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let code = |t: &str| {
            let t = t.trim();
            (t.len() == 2 && t.bytes().all(|b| b.is_ascii_digit()))
                .then(|| t.parse::<u32>().ok())
                .flatten()
        };
        let mut bits = 0u128;
        for item in text.split(',') {
            let (from, to) = item.split_once('-').unwrap_or((item, item));
            match (code(from), code(to)) {
                (Some(from), Some(to)) if from <= to => {
                    bits = (from..=to).fold(bits, |bits, code| bits | 1 << code);
                }
                _ => {
                    return Err(format!(
                        "{:?} is not a two-digit code or a range of them; expected e.g. 21-29 or 21,24",
                        item.trim()
                    ));
                }
            }
        }
        Ok(PppkCodes(bits))
    }
}

/// The canonical form, runs merged: `21-29`, `21,24`.
impl fmt::Display for PppkCodes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut runs = Vec::new();
        let mut code = 0;
        while code < 100 {
            if self.contains(code) {
                let first = code;
                while self.contains(code + 1) {
                    code += 1;
                }
                runs.push(if first == code {
                    format!("{first:02}")
                } else {
                    format!("{first:02}-{code:02}")
                });
            }
            code += 1;
        }
        f.write_str(&runs.join(","))
    }
}

impl Nip {
    /// Checks a number being registered for an employee of `asn_type`, optionally grouped by
    /// spaces as printed on documents (`19850315 201001 2 003`), and returns the canonical
    /// digits-only form. A PPPK code must be one of `pppk_codes`; a birth date after `today` is
    /// refused.
    pub fn parse_as(
        input: &str,
        asn_type: AsnType,
        pppk_codes: PppkCodes,
        today: NaiveDate,
    ) -> Result<Nip, NipError> {
        read(input, Some(today), |digits, birth| match asn_type {
            AsnType::Pns => pns_appointment(digits, birth),
            AsnType::Pppk => pppk_appointment(digits, birth, pppk_codes),
        })
    }

    /// Checks a number to look an employee up by, whose ASN type is not known: the middle digits
    /// may read either way, with any PPPK code, and no date bounds the birth date. A lookup
    /// creates nothing, so a number that registration would refuse is simply not found.
    pub fn parse(input: &str) -> Result<Nip, NipError> {
        read(input, None, |digits, birth| {
            pns_appointment(digits, birth)
                .or_else(|pns| pppk_appointment(digits, birth, PppkCodes::ANY).map_err(|_| pns))
        })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }

    pub fn birth_date(&self) -> NaiveDate {
        NaiveDate::parse_from_str(&self.0[0..8], "%Y%m%d").unwrap_or_default()
    }
}

/// The parts both kinds share, checked in digit order around the type's `appointment` check.
fn read(
    input: &str,
    today: Option<NaiveDate>,
    appointment: impl FnOnce(&str, NaiveDate) -> Result<(), NipError>,
) -> Result<Nip, NipError> {
    let digits: String = input.chars().filter(|c| *c != ' ').collect();
    if let Some(bad) = digits.chars().find(|c| !c.is_ascii_digit()) {
        return Err(error(
            "nip_not_digits",
            format!("a NIP has digits only (spaces between groups allowed), not {bad:?}"),
        ));
    }
    if digits.len() != 18 {
        return Err(error(
            "nip_length",
            format!("a NIP has 18 digits; this one has {}", digits.len()),
        ));
    }
    let birth = i32::try_from(number(&digits, 0..4))
        .ok()
        .filter(|y| *y >= EARLIEST_YEAR)
        .and_then(|y| NaiveDate::from_ymd_opt(y, number(&digits, 4..6), number(&digits, 6..8)))
        .ok_or_else(|| {
            error(
                "nip_birth_date",
                format!(
                    "digits 1-8 are the birth date YYYYMMDD; {} is not a date from {EARLIEST_YEAR} on",
                    &digits[0..8]
                ),
            )
        })?;
    if today.is_some_and(|today| birth > today) {
        return Err(error(
            "nip_birth_date",
            format!(
                "digits 1-8 are the birth date YYYYMMDD; {} is in the future",
                &digits[0..8]
            ),
        ));
    }
    appointment(&digits, birth)?;
    let gender = &digits[14..15];
    if gender != "1" && gender != "2" {
        return Err(error(
            "nip_gender_digit",
            format!("digit 15 is the gender: 1 (male) or 2 (female), not {gender}"),
        ));
    }
    if &digits[15..18] == "000" {
        return Err(error(
            "nip_sequence",
            "digits 16-18 are the sequence number, from 001 to 999, not 000".to_owned(),
        ));
    }
    Ok(Nip(digits))
}

/// The number in `digits[range]`; callers have checked that they are digits.
fn number(digits: &str, range: std::ops::Range<usize>) -> u32 {
    digits[range].parse().unwrap_or_default()
}

/// PNS: digits 9-14 are the appointment month (TMT CPNS), after the birth month.
fn pns_appointment(digits: &str, birth: NaiveDate) -> Result<(), NipError> {
    let (year, month) = (number(digits, 8..12), number(digits, 12..14));
    let appointment = &digits[8..14];
    if !(1..=12).contains(&month) {
        return Err(error(
            "nip_appointment_month",
            format!(
                "digits 9-14 are the appointment month YYYYMM (TMT CPNS) of a PNS; {appointment} has no month {month:02} (an NI PPPK has a year and a PPPK code there: is the employee PPPK?)"
            ),
        ));
    }
    i32::try_from(year)
        .ok()
        .and_then(|y| NaiveDate::from_ymd_opt(y, month, 1))
        .filter(|first| *first > birth.with_day(1).unwrap_or(birth))
        .map(drop)
        .ok_or_else(|| {
            error(
                "nip_appointment_month",
                format!(
                    "digits 9-14 are the appointment month YYYYMM (TMT CPNS); {appointment} is not after the birth date {}",
                    &digits[0..8]
                ),
            )
        })
}

/// PPPK: digits 9-12 are the appointment year, digits 13-14 the PPPK code.
fn pppk_appointment(digits: &str, birth: NaiveDate, codes: PppkCodes) -> Result<(), NipError> {
    let year = number(digits, 8..12);
    let earliest = u32::try_from(birth.year()).unwrap_or_default() + PPPK_MIN_AGE_YEARS;
    if year < earliest {
        return Err(error(
            "nip_appointment_year",
            format!(
                "digits 9-12 are the PPPK appointment year YYYY; {year:04} is before {earliest}, when someone born {} turned {PPPK_MIN_AGE_YEARS}",
                &digits[0..8]
            ),
        ));
    }
    let code = number(digits, 12..14);
    if !codes.contains(code) {
        return Err(error(
            "nip_pppk_code",
            format!("digits 13-14 are the PPPK code; {code:02} is not one in use ({codes})"),
        ));
    }
    Ok(())
}

impl fmt::Display for Nip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The "today" of every test: birth dates after it are in the future.
    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).expect("date")
    }

    fn result(input: &str, asn_type: AsnType) -> Result<Nip, NipError> {
        Nip::parse_as(input, asn_type, PppkCodes::default(), today())
    }

    fn code_as(input: &str, asn_type: AsnType) -> &'static str {
        result(input, asn_type)
            .err()
            .map(|e| e.code)
            .unwrap_or("ok")
    }

    fn pns(input: &str) -> &'static str {
        code_as(input, AsnType::Pns)
    }

    fn pppk(input: &str) -> &'static str {
        code_as(input, AsnType::Pppk)
    }

    fn lookup(input: &str) -> &'static str {
        Nip::parse(input).err().map(|e| e.code).unwrap_or("ok")
    }

    const PPPK_EXAMPLES: [&str; 3] = [
        "199312282025212001",
        "200012312024211001",
        "199009132025242014",
    ];

    #[test]
    fn a_valid_nip_is_kept_as_its_digits() {
        let nip = result("198503152010012003", AsnType::Pns).expect("valid");
        assert_eq!(nip.as_str(), "198503152010012003");
        assert_eq!(
            nip.birth_date(),
            NaiveDate::from_ymd_opt(1985, 3, 15).expect("date")
        );
        let spaced = result("19850315 201001 2 003", AsnType::Pns).expect("valid with spaces");
        assert_eq!(spaced, nip);
        assert_eq!(Nip::parse("19850315 201001 2 003"), Ok(nip));
    }

    #[test]
    fn each_wrong_part_is_named() {
        assert_eq!(pns("19850315201001200"), "nip_length");
        assert_eq!(pns("1985031520100120031"), "nip_length");
        assert_eq!(pns(""), "nip_length");
        assert_eq!(pns("19850315-201001-2-003"), "nip_not_digits");
        assert_eq!(pns("１98503152010012003"), "nip_not_digits");
        assert_eq!(pns("198513152010012003"), "nip_birth_date");
        assert_eq!(pns("198502302010012003"), "nip_birth_date");
        assert_eq!(pns("180001012010012003"), "nip_birth_date");
        assert_eq!(pns("198503152010132003"), "nip_appointment_month");
        assert_eq!(pns("198503152010002003"), "nip_appointment_month");
        assert_eq!(pns("198503151980012003"), "nip_appointment_month");
        assert_eq!(pns("198503152010013003"), "nip_gender_digit");
        assert_eq!(pns("198503152010010003"), "nip_gender_digit");
        assert_eq!(pns("198503152010011000"), "nip_sequence");
        assert_eq!(pns("198503152010011003"), "ok");
    }

    #[test]
    fn ni_pppk_numbers_are_accepted_as_pppk_and_refused_as_pns() {
        for number in PPPK_EXAMPLES {
            assert_eq!(pppk(number), "ok", "{number}");
            assert_eq!(pns(number), "nip_appointment_month", "{number}");
            assert_eq!(lookup(number), "ok", "{number}");
        }
        let e = result(PPPK_EXAMPLES[0], AsnType::Pns).expect_err("not PNS");
        assert!(e.message.contains("is the employee PPPK?"), "{}", e.message);
        // A PNS appointment month is no PPPK code.
        assert_eq!(pppk("198503152010012003"), "nip_pppk_code");
    }

    #[test]
    fn each_wrong_part_of_an_ni_pppk_is_named() {
        assert_eq!(pppk("199312282025202001"), "nip_pppk_code");
        assert_eq!(pppk("199312282025302001"), "nip_pppk_code");
        assert_eq!(pppk("200012312016211001"), "nip_appointment_year");
        assert_eq!(pppk("200012312017211001"), "ok", "the year they turn 17");
        assert_eq!(pppk("199312282025213001"), "nip_gender_digit");
        assert_eq!(pppk("199312282025212000"), "nip_sequence");
        assert_eq!(pppk("199313282025212001"), "nip_birth_date");
        let e = result("199312282025302001", AsnType::Pppk).expect_err("code 30");
        assert!(
            e.message.contains("30") && e.message.contains("21-29"),
            "{}",
            e.message
        );
        let e = result("200012312016211001", AsnType::Pppk).expect_err("too young");
        assert!(
            e.message.contains("2016") && e.message.contains("2017"),
            "{}",
            e.message
        );
    }

    #[test]
    fn the_pppk_codes_in_use_are_configurable() {
        let part_time_only: PppkCodes = "24".parse().expect("valid");
        let parse = |number| Nip::parse_as(number, AsnType::Pppk, part_time_only, today());
        assert!(parse("199009132025242014").is_ok());
        assert_eq!(
            parse("199312282025212001").map_err(|e| e.code),
            Err("nip_pppk_code")
        );
    }

    #[test]
    fn a_birth_date_in_the_future_is_refused_when_registering() {
        assert_eq!(pns("202611252045011001"), "nip_birth_date");
        assert_eq!(pppk("202611252045211001"), "nip_birth_date");
        let e = result("202611252045011001", AsnType::Pns).expect_err("future");
        assert!(e.message.contains("future"), "{}", e.message);
        // Today itself is not the future (the appointment is what is wrong then).
        assert_eq!(pns("202611242045011001"), "ok");
        // A lookup only needs a well-formed number.
        assert_eq!(lookup("202611252045011001"), "ok");
    }

    #[test]
    fn a_lookup_takes_either_kind_and_names_the_pns_reading_when_neither_fits() {
        assert_eq!(lookup("198503152010012003"), "ok");
        assert_eq!(lookup("199312282025992001"), "ok", "any PPPK code");
        assert_eq!(lookup("198503151980012003"), "nip_appointment_month");
        assert_eq!(lookup("198503152010012000"), "nip_sequence");
        assert_eq!(lookup("1985031520100120"), "nip_length");
    }

    #[test]
    fn messages_say_which_digits_are_wrong() {
        let e = result("198503152010132003", AsnType::Pns).expect_err("bad month");
        assert!(e.message.contains("appointment month"), "{}", e.message);
        assert!(e.message.contains("201013"), "{}", e.message);
        let e = result("198503152010019003", AsnType::Pns).expect_err("bad gender");
        assert!(e.message.contains("gender"), "{}", e.message);
    }

    #[test]
    fn pppk_codes_read_lists_and_ranges_and_print_them_merged() {
        let codes = |text: &str| text.parse::<PppkCodes>().map(|c| c.to_string());
        assert_eq!(codes("21-29"), Ok("21-29".into()));
        assert_eq!(PppkCodes::default().to_string(), "21-29");
        assert_eq!(codes("21,24"), Ok("21,24".into()));
        assert_eq!(codes(" 21 - 23 , 24,29 "), Ok("21-24,29".into()));
        assert_eq!(codes("00-99"), Ok("00-99".into()));
        assert_eq!("00-99".parse(), Ok(PppkCodes::ANY));
        for bad in [
            "", "21-", "29-21", "1", "100", "2a", "+1", "21;24", "21,,24",
        ] {
            assert!(bad.parse::<PppkCodes>().is_err(), "{bad:?}");
        }
    }

    fn birth_dates() -> impl Strategy<Value = NaiveDate> {
        (1940i32..2008, 1u32..=12, 1u32..=28)
            .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).expect("day 1-28 exists"))
    }

    fn valid_parts() -> impl Strategy<Value = (NaiveDate, u32, u32, u8, u32)> {
        (birth_dates(), 18i32..40, 1u32..=12, 1u8..=2, 1u32..1000).prop_map(
            |(birth, age, am, g, seq)| {
                let ay = u32::try_from(birth.year() + age).unwrap_or(2000);
                (birth, ay, am, g, seq)
            },
        )
    }

    /// (birth, appointment year, code, gender, sequence) of a well-formed NI PPPK.
    fn valid_pppk_parts() -> impl Strategy<Value = (NaiveDate, u32, u32, u8, u32)> {
        (birth_dates(), 17u32..45, 21u32..=29, 1u8..=2, 1u32..1000).prop_map(
            |(birth, age, code, g, seq)| {
                let ay = u32::try_from(birth.year()).unwrap_or(1990) + age;
                (birth, ay, code, g, seq)
            },
        )
    }

    fn text(birth: NaiveDate, middle: (u32, u32), g: u8, seq: u32) -> String {
        format!(
            "{}{:04}{:02}{g}{seq:03}",
            birth.format("%Y%m%d"),
            middle.0,
            middle.1
        )
    }

    proptest! {
        #[test]
        fn every_well_formed_nip_parses_and_round_trips((birth, ay, am, g, seq) in valid_parts()) {
            let text = text(birth, (ay, am), g, seq);
            let nip = result(&text, AsnType::Pns).expect("well formed");
            prop_assert_eq!(nip.as_str(), text.as_str());
            prop_assert_eq!(nip.birth_date(), birth);
            prop_assert_eq!(result(nip.as_str(), AsnType::Pns), Ok(nip.clone()));
            prop_assert_eq!(Nip::parse(nip.as_str()), Ok(nip));
            prop_assert_eq!(pppk(&text), "nip_pppk_code");
        }

        #[test]
        fn every_well_formed_ni_pppk_parses_and_round_trips((birth, ay, code, g, seq) in valid_pppk_parts()) {
            let text = text(birth, (ay, code), g, seq);
            let nip = result(&text, AsnType::Pppk).expect("well formed");
            prop_assert_eq!(nip.as_str(), text.as_str());
            prop_assert_eq!(nip.birth_date(), birth);
            prop_assert_eq!(Nip::parse(&text), Ok(nip));
            prop_assert_eq!(pns(&text), "nip_appointment_month");
        }

        #[test]
        fn a_pppk_code_not_in_use_is_named((birth, ay, _, g, seq) in valid_pppk_parts(), code in 0u32..100) {
            prop_assume!(!(21..=29).contains(&code));
            prop_assert_eq!(pppk(&text(birth, (ay, code), g, seq)), "nip_pppk_code");
        }

        #[test]
        fn a_pppk_appointed_before_17_is_named((birth, _, code, g, seq) in valid_pppk_parts(), age in 0u32..17) {
            let ay = u32::try_from(birth.year()).unwrap_or(1990) + age;
            prop_assert_eq!(pppk(&text(birth, (ay, code), g, seq)), "nip_appointment_year");
        }

        #[test]
        fn sequence_000_is_named_for_both_kinds((birth, ay, am, g, _) in valid_parts(), (pb, py, code, pg, _) in valid_pppk_parts()) {
            prop_assert_eq!(pns(&text(birth, (ay, am), g, 0)), "nip_sequence");
            prop_assert_eq!(pppk(&text(pb, (py, code), pg, 0)), "nip_sequence");
        }

        #[test]
        fn a_birth_date_after_today_is_named_for_both_kinds(days in 1i64..20_000, am in 1u32..=12, code in 21u32..=29) {
            let birth = today() + chrono::Duration::days(days);
            let ay = u32::try_from(birth.year()).unwrap_or(2100) + 20;
            prop_assert_eq!(pns(&text(birth, (ay, am), 1, 1)), "nip_birth_date");
            prop_assert_eq!(pppk(&text(birth, (ay, code), 1, 1)), "nip_birth_date");
        }

        #[test]
        fn a_wrong_gender_digit_is_named((birth, ay, am, _, seq) in valid_parts(), g in 0u8..10) {
            prop_assume!(g != 1 && g != 2);
            prop_assert_eq!(pns(&text(birth, (ay, am), g, seq)), "nip_gender_digit");
        }

        #[test]
        fn a_month_outside_1_to_12_is_named((birth, ay, _, g, seq) in valid_parts(), am in 13u32..100) {
            prop_assert_eq!(pns(&text(birth, (ay, am), g, seq)), "nip_appointment_month");
        }

        #[test]
        fn any_other_length_is_named(digits in "[0-9]{0,40}") {
            prop_assume!(digits.len() != 18);
            prop_assert_eq!(pns(&digits), "nip_length");
            prop_assert_eq!(pppk(&digits), "nip_length");
        }

        #[test]
        fn arbitrary_text_is_either_18_digits_or_a_named_error(text in "\\PC{0,30}") {
            for parsed in [result(&text, AsnType::Pns), result(&text, AsnType::Pppk), Nip::parse(&text)] {
                match parsed {
                    Ok(nip) => prop_assert!(nip.as_str().len() == 18 && nip.as_str().bytes().all(|b| b.is_ascii_digit())),
                    Err(e) => prop_assert!(e.code.starts_with("nip_") && !e.message.is_empty()),
                }
            }
        }

        #[test]
        fn any_list_of_codes_prints_as_it_reads(codes in proptest::collection::btree_set(0u32..100, 1..20)) {
            let text = codes.iter().map(|c| format!("{c:02}")).collect::<Vec<_>>().join(",");
            let parsed: PppkCodes = text.parse().expect("valid");
            prop_assert!((0..100).all(|c| parsed.contains(c) == codes.contains(&c)));
            prop_assert_eq!(parsed.to_string().parse::<PppkCodes>(), Ok(parsed));
        }
    }
}
