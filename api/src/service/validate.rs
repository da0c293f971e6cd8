//! Input checks shared by several operations. Each returns the cleaned value or a
//! `BAD_USER_INPUT` naming the field.

use crate::error::{Error, Result};
use chrono::{Datelike, NaiveDate};
use secrecy::{ExposeSecret, SecretString};

pub const MAX_PASSWORD_LEN: usize = 256;

/// Returns `(as typed, normalised for uniqueness)`.
pub fn email(field: &str, raw: &str) -> Result<(String, String)> {
    let trimmed = raw.trim();
    if trimmed.len() > 254 || !email_address::EmailAddress::is_valid(trimmed) || !trimmed.contains('.') {
        return Err(Error::bad_input(field, "is not a well-formed email address"));
    }
    Ok((trimmed.to_owned(), trimmed.to_lowercase()))
}

pub fn normalise_email(raw: &str) -> String {
    raw.trim().to_lowercase()
}

/// Trimmed, not empty, at most `max` characters; line breaks allowed.
pub fn text(field: &str, raw: &str, max: usize) -> Result<String> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(Error::bad_input(field, "must not be empty"));
    }
    if trimmed.chars().count() > max {
        return Err(Error::bad_input(field, format!("must be at most {max} characters")));
    }
    Ok(trimmed.to_owned())
}

/// As [`text`], on one line.
pub fn name(field: &str, raw: &str, max: usize) -> Result<String> {
    let trimmed = text(field, raw, max)?;
    if trimmed.chars().any(char::is_control) {
        return Err(Error::bad_input(field, "must not contain control characters"));
    }
    Ok(trimmed)
}

pub fn password(field: &str, password: &SecretString, min: usize) -> Result<()> {
    let len = password.expose_secret().chars().count();
    if len < min {
        return Err(Error::bad_input(field, format!("must be at least {min} characters")));
    }
    if len > MAX_PASSWORD_LEN {
        return Err(Error::bad_input(field, format!("must be at most {MAX_PASSWORD_LEN} characters")));
    }
    Ok(())
}

/// Whole years between `born` and `today`.
pub fn age_on(born: NaiveDate, today: NaiveDate) -> i32 {
    let mut years = today.year() - born.year();
    if (today.month(), today.day()) < (born.month(), born.day()) {
        years -= 1;
    }
    years
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn age_turns_on_the_birthday() {
        assert_eq!(age_on(d(2008, 11, 23), d(2026, 11, 22)), 17);
        assert_eq!(age_on(d(2008, 11, 23), d(2026, 11, 23)), 18);
        assert_eq!(age_on(d(2008, 2, 29), d(2026, 2, 28)), 17);
        assert_eq!(age_on(d(2008, 2, 29), d(2026, 3, 1)), 18);
    }

    #[test]
    fn emails_are_checked_and_normalised() {
        assert_eq!(email("e", " Ann@Example.COM ").ok(), Some(("Ann@Example.COM".into(), "ann@example.com".into())));
        for bad in ["", "ann", "ann@", "@example.com", "ann@example", "a b@example.com"] {
            assert!(email("e", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(name("n", "  Studio ", 10).ok().as_deref(), Some("Studio"));
        assert!(name("n", "   ", 10).is_err());
        assert!(name("n", "x".repeat(11).as_str(), 10).is_err());
        assert!(name("n", "a\u{0}b", 10).is_err());
    }
}
