//! NIP (Nomor Induk Pegawai), the civil servant's 18-digit number:
//! birth date `YYYYMMDD`, appointment month `YYYYMM` (TMT CPNS), gender digit, sequence `NNN`.
//! PPPK numbers have the same shape and are validated the same way (domain.md).

use std::fmt;

use chrono::{Datelike, NaiveDate};

/// A NIP whose every part has been checked. It can only be made by [`Nip::parse`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Nip(String);

/// Which part of a NIP is wrong, with a message that says so in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NipError {
    /// Stable code: `nip_length`, `nip_not_digits`, `nip_birth_date`,
    /// `nip_appointment_month`, `nip_gender_digit`.
    pub code: &'static str,
    pub message: String,
}

fn error(code: &'static str, message: String) -> NipError {
    NipError { code, message }
}

/// The earliest year a birth date or appointment in a NIP may carry.
const EARLIEST_YEAR: i32 = 1900;

impl Nip {
    /// Accepts the 18 digits, optionally grouped by spaces as printed on documents
    /// (`19850315 201001 2 003`), and returns the canonical digits-only form.
    pub fn parse(input: &str) -> Result<Nip, NipError> {
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
        let number =
            |range: std::ops::Range<usize>| -> u32 { digits[range].parse().unwrap_or_default() };
        let (year, month, day) = (number(0..4), number(4..6), number(6..8));
        let birth = i32::try_from(year)
            .ok()
            .filter(|y| *y >= EARLIEST_YEAR)
            .and_then(|y| NaiveDate::from_ymd_opt(y, month, day))
            .ok_or_else(|| {
                error(
                    "nip_birth_date",
                    format!(
                        "digits 1-8 are the birth date YYYYMMDD; {} is not a date from {EARLIEST_YEAR} on",
                        &digits[0..8]
                    ),
                )
            })?;
        let (appointed_year, appointed_month) = (number(8..12), number(12..14));
        let appointment = &digits[8..14];
        if !(1..=12).contains(&appointed_month) {
            return Err(error(
                "nip_appointment_month",
                format!(
                    "digits 9-14 are the appointment month YYYYMM (TMT CPNS); {appointment} has no month {appointed_month:02}"
                ),
            ));
        }
        i32::try_from(appointed_year)
            .ok()
            .and_then(|y| NaiveDate::from_ymd_opt(y, appointed_month, 1))
            .filter(|first| *first > birth.with_day(1).unwrap_or(birth))
            .ok_or_else(|| {
                error(
                    "nip_appointment_month",
                    format!(
                        "digits 9-14 are the appointment month YYYYMM (TMT CPNS); {appointment} is not after the birth date {}",
                        &digits[0..8]
                    ),
                )
            })?;
        let gender = &digits[14..15];
        if gender != "1" && gender != "2" {
            return Err(error(
                "nip_gender_digit",
                format!("digit 15 is the gender: 1 (male) or 2 (female), not {gender}"),
            ));
        }
        Ok(Nip(digits))
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

impl fmt::Display for Nip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn code(input: &str) -> &'static str {
        Nip::parse(input).err().map(|e| e.code).unwrap_or("ok")
    }

    #[test]
    fn a_valid_nip_is_kept_as_its_digits() {
        let nip = Nip::parse("198503152010012003").expect("valid");
        assert_eq!(nip.as_str(), "198503152010012003");
        assert_eq!(
            nip.birth_date(),
            NaiveDate::from_ymd_opt(1985, 3, 15).expect("date")
        );
        let spaced = Nip::parse("19850315 201001 2 003").expect("valid with spaces");
        assert_eq!(spaced, nip);
    }

    #[test]
    fn each_wrong_part_is_named() {
        assert_eq!(code("19850315201001200"), "nip_length");
        assert_eq!(code("1985031520100120031"), "nip_length");
        assert_eq!(code(""), "nip_length");
        assert_eq!(code("19850315-201001-2-003"), "nip_not_digits");
        assert_eq!(code("１98503152010012003"), "nip_not_digits");
        assert_eq!(code("198513152010012003"), "nip_birth_date");
        assert_eq!(code("198502302010012003"), "nip_birth_date");
        assert_eq!(code("180001012010012003"), "nip_birth_date");
        assert_eq!(code("198503152010132003"), "nip_appointment_month");
        assert_eq!(code("198503152010002003"), "nip_appointment_month");
        assert_eq!(code("198503151980012003"), "nip_appointment_month");
        assert_eq!(code("198503152010013003"), "nip_gender_digit");
        assert_eq!(code("198503152010010003"), "nip_gender_digit");
        assert_eq!(code("198503152010011003"), "ok");
    }

    #[test]
    fn messages_say_which_digits_are_wrong() {
        let e = Nip::parse("198503152010132003").expect_err("bad month");
        assert!(e.message.contains("appointment month"), "{}", e.message);
        assert!(e.message.contains("201013"), "{}", e.message);
        let e = Nip::parse("198503152010019003").expect_err("bad gender");
        assert!(e.message.contains("gender"), "{}", e.message);
    }

    fn valid_parts() -> impl Strategy<Value = (NaiveDate, u32, u32, u8, u32)> {
        (
            (1940i32..2008, 1u32..=12, 1u32..=28),
            18i32..40,
            1u32..=12,
            1u8..=2,
            0u32..1000,
        )
            .prop_map(|((y, m, d), age, am, g, seq)| {
                let birth = NaiveDate::from_ymd_opt(y, m, d).expect("day 1-28 exists");
                (birth, u32::try_from(y + age).unwrap_or(2000), am, g, seq)
            })
    }

    proptest! {
        #[test]
        fn every_well_formed_nip_parses_and_round_trips((birth, ay, am, g, seq) in valid_parts()) {
            let text = format!("{}{ay:04}{am:02}{g}{seq:03}", birth.format("%Y%m%d"));
            let nip = Nip::parse(&text).expect("well formed");
            prop_assert_eq!(nip.as_str(), text.as_str());
            prop_assert_eq!(nip.birth_date(), birth);
            prop_assert_eq!(Nip::parse(nip.as_str()), Ok(nip));
        }

        #[test]
        fn a_wrong_gender_digit_is_named((birth, ay, am, _, seq) in valid_parts(), g in 0u8..10) {
            prop_assume!(g != 1 && g != 2);
            let text = format!("{}{ay:04}{am:02}{g}{seq:03}", birth.format("%Y%m%d"));
            prop_assert_eq!(code(&text), "nip_gender_digit");
        }

        #[test]
        fn a_month_outside_1_to_12_is_named((birth, ay, _, g, seq) in valid_parts(), am in 13u32..100) {
            let text = format!("{}{ay:04}{am:02}{g}{seq:03}", birth.format("%Y%m%d"));
            prop_assert_eq!(code(&text), "nip_appointment_month");
        }

        #[test]
        fn any_other_length_is_named(digits in "[0-9]{0,40}") {
            prop_assume!(digits.len() != 18);
            prop_assert_eq!(code(&digits), "nip_length");
        }

        #[test]
        fn arbitrary_text_is_either_18_digits_or_a_named_error(text in "\\PC{0,30}") {
            match Nip::parse(&text) {
                Ok(nip) => prop_assert!(nip.as_str().len() == 18 && nip.as_str().bytes().all(|b| b.is_ascii_digit())),
                Err(e) => prop_assert!(e.code.starts_with("nip_") && !e.message.is_empty()),
            }
        }
    }
}
