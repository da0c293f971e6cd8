//! The schema's own scalars, each with `@specifiedBy`. Values held as 64-bit integers
//! travel as strings: JSON numbers lose precision past 2^53 in most clients, and GraphQL's
//! `Int` stops at 2^31.

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, SimpleObject, Value};
use chrono::{NaiveDate, SecondsFormat, Utc};

/// A signed 64-bit integer, written as a base-10 string (`"4294967296"`). Input also
/// accepts a GraphQL `Int` literal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct BigInt(pub i64);

/// A signed 64-bit integer, written as a base-10 string (`"4294967296"`). Input also
/// accepts a GraphQL `Int` literal.
#[Scalar(name = "BigInt", specified_by_url = "https://www.rfc-editor.org/rfc/rfc8259#section-6")]
impl ScalarType for BigInt {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(s) => {
                s.trim().parse::<i64>().map(BigInt).map_err(|_| InputValueError::custom("not a 64-bit integer"))
            }
            Value::Number(n) => n.as_i64().map(BigInt).ok_or_else(|| InputValueError::custom("not a 64-bit integer")),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.to_string())
    }
}

impl From<i64> for BigInt {
    fn from(v: i64) -> Self {
        BigInt(v)
    }
}

impl From<u64> for BigInt {
    fn from(v: u64) -> Self {
        BigInt(i64::try_from(v).unwrap_or(i64::MAX))
    }
}

impl From<usize> for BigInt {
    fn from(v: usize) -> Self {
        BigInt::from(v as u64)
    }
}

/// A calendar date without a time or zone, `YYYY-MM-DD` (RFC 3339 `full-date`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

/// A calendar date without a time or zone, `YYYY-MM-DD` (RFC 3339 `full-date`).
#[Scalar(name = "Date", specified_by_url = "https://www.rfc-editor.org/rfc/rfc3339#section-5.6")]
impl ScalarType for Date {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map(Date)
                .map_err(|_| InputValueError::custom("not a date in the form YYYY-MM-DD")),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.format("%Y-%m-%d").to_string())
    }
}

impl From<NaiveDate> for Date {
    fn from(d: NaiveDate) -> Self {
        Date(d)
    }
}

/// An instant, as an RFC 3339 date-time with an offset (`2026-12-01T09:30:00Z`); output
/// is always in UTC with millisecond precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime(pub chrono::DateTime<Utc>);

/// An instant, as an RFC 3339 date-time with an offset (`2026-12-01T09:30:00Z`); output
/// is always in UTC with millisecond precision.
#[Scalar(name = "DateTime", specified_by_url = "https://scalars.graphql.org/andimarek/date-time")]
impl ScalarType for DateTime {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(s) => chrono::DateTime::parse_from_rfc3339(s)
                .map(|t| DateTime(t.with_timezone(&Utc)))
                .map_err(|_| InputValueError::custom("not an RFC 3339 date-time with an offset")),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.to_rfc3339_opts(SecondsFormat::Millis, true))
    }
}

impl From<chrono::DateTime<Utc>> for DateTime {
    fn from(t: chrono::DateTime<Utc>) -> Self {
        DateTime(t)
    }
}

impl From<DateTime> for chrono::DateTime<Utc> {
    fn from(t: DateTime) -> Self {
        t.0
    }
}

/// Any JSON value.
#[derive(Debug, Clone, PartialEq)]
pub struct Json(pub serde_json::Value);

/// Any JSON value.
#[Scalar(name = "JSON", specified_by_url = "https://www.rfc-editor.org/rfc/rfc8259")]
impl ScalarType for Json {
    fn parse(value: Value) -> InputValueResult<Self> {
        value.into_json().map(Json).map_err(|_| InputValueError::custom("not JSON"))
    }

    fn to_value(&self) -> Value {
        Value::from_json(self.0.clone()).unwrap_or(Value::Null)
    }
}

/// A three-letter ISO 4217 currency code in upper case (`EUR`, `USD`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CurrencyCode(pub String);

/// A three-letter ISO 4217 currency code in upper case (`EUR`, `USD`).
#[Scalar(name = "CurrencyCode", specified_by_url = "https://www.iso.org/iso-4217-currency-codes.html")]
impl ScalarType for CurrencyCode {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(s) if s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase()) => {
                Ok(CurrencyCode(s.clone()))
            }
            Value::String(_) => Err(InputValueError::custom("not a three-letter ISO 4217 code")),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.clone())
    }
}

/// An amount of money: millionths of a currency unit, so `12.34 EUR` is
/// `amountMicros: "12340000"`, exact at any size.
#[derive(SimpleObject, Debug, Clone, PartialEq, Eq)]
pub struct Money {
    /// The amount in millionths of one unit of `currency`.
    pub amount_micros: BigInt,
    /// The currency the amount is in.
    pub currency: CurrencyCode,
}

impl Money {
    pub fn new(amount_micros: i64, currency: impl Into<String>) -> Self {
        Self { amount_micros: BigInt(amount_micros), currency: CurrencyCode(currency.into()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_ints_travel_as_strings_and_keep_every_digit() {
        let big = BigInt(9_007_199_254_740_993);
        assert_eq!(big.to_value(), Value::String("9007199254740993".into()));
        assert_eq!(BigInt::parse(Value::String("9007199254740993".into())).ok(), Some(big));
        assert_eq!(BigInt::parse(Value::from(7)).ok(), Some(BigInt(7)));
        assert!(BigInt::parse(Value::String("1e3".into())).is_err());
    }

    #[test]
    fn dates_and_instants_have_one_spelling() {
        let d = NaiveDate::from_ymd_opt(2026, 2, 28).map(Date);
        assert_eq!(Date::parse(Value::String("2026-02-28".into())).ok(), d);
        assert!(Date::parse(Value::String("2026-02-30".into())).is_err());
        let t = DateTime::parse(Value::String("2026-12-01T10:30:00+01:00".into())).ok();
        assert_eq!(t.map(|t| t.to_value()), Some(Value::String("2026-12-01T09:30:00.000Z".into())));
        assert!(DateTime::parse(Value::String("2026-12-01 09:30".into())).is_err());
    }

    #[test]
    fn currency_codes_are_three_capitals() {
        assert!(CurrencyCode::parse(Value::String("EUR".into())).is_ok());
        for bad in ["eur", "EURO", "E1R"] {
            assert!(CurrencyCode::parse(Value::String(bad.into())).is_err(), "{bad}");
        }
    }
}
