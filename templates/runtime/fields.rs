//! Decoding the generated structs from JSON objects. Each struct implements
//! [`Fields`]: one loop over the object's keys that hands each known field to
//! [`take`] and skips the rest; the visitor, the key type and the errors are
//! shared here. serde's derive writes a field enum, a sequence visitor and three
//! key matchers per struct, which made decoding most of a crate's compile time;
//! the errors ("missing field `x`", "duplicate field `x`") and what absent and
//! `null` mean are the same.

use std::borrow::Cow;
use std::marker::PhantomData;

use serde::de::{Error, MapAccess};

/// A generated struct, decoded from the fields of an object.
pub(crate) trait Fields: Sized {
    /// The struct's name, for "invalid type: ..., expected struct Name".
    const NAME: &'static str;

    /// Reads every entry of `map` and builds the struct.
    fn decode<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// `Deserialize::deserialize` of every generated struct.
pub(crate) fn decode<'de, T: Fields, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Fields> serde::de::Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::decode(map)
    }
}

/// An object's key, borrowed from the input where the input allows it.
pub(crate) struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    pub(crate) fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> serde::de::Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a field name")
    }

    fn visit_borrowed_str<E: Error>(self, value: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(value)))
    }

    fn visit_str<E: Error>(self, value: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(value.to_owned())))
    }

    fn visit_string<E: Error>(self, value: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(value)))
    }
}

/// Reads the value of field `name` into its slot; a second one is an error.
pub(crate) fn take<'de, A, T>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: serde::Deserialize<'de>,
{
    if slot.is_some() {
        return Err(A::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Reads an optional nullable field (`Option<Option<T>>`): `null` is kept as
/// `Some(None)`, apart from absent (`None`).
pub(crate) fn take_nullable<'de, A, T>(
    map: &mut A,
    slot: &mut Option<Option<Option<T>>>,
    name: &'static str,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: serde::Deserialize<'de>,
{
    if slot.is_some() {
        return Err(A::Error::duplicate_field(name));
    }
    *slot = Some(Some(map.next_value()?));
    Ok(())
}

/// Reads a property that is not one of the struct's fields into its map of
/// additional properties.
pub(crate) fn take_other<'de, A, T>(
    map: &mut A,
    others: &mut std::collections::BTreeMap<String, T>,
    key: Key<'de>,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: serde::Deserialize<'de>,
{
    let value = map.next_value()?;
    others.insert(key.into_string(), value);
    Ok(())
}

/// Skips the value of a property the struct does not know.
pub(crate) fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<serde::de::IgnoredAny>().map(|_| ())
}

/// "missing field `name`" for the first of `fields` that is missing.
pub(crate) fn missing<E: Error>(fields: &[(bool, &'static str)]) -> E {
    match fields.iter().find(|(missing, _)| *missing) {
        Some((_, name)) => E::missing_field(name),
        None => E::custom("a required field is missing"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Sample {
        id: String,
        note: Option<Option<String>>,
        tags: Vec<String>,
        others: std::collections::BTreeMap<String, i64>,
    }

    impl Fields for Sample {
        const NAME: &'static str = "Sample";

        fn decode<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
            let mut id: Option<String> = None;
            let mut note: Option<Option<Option<String>>> = None;
            let mut tags: Option<Vec<String>> = None;
            let mut others = std::collections::BTreeMap::new();
            while let Some(key) = map.next_key::<Key<'de>>()? {
                match key.as_str() {
                    "id" => take(&mut map, &mut id, "id"),
                    "note" => take_nullable(&mut map, &mut note, "note"),
                    "tags" => take(&mut map, &mut tags, "tags"),
                    _ => take_other(&mut map, &mut others, key),
                }?;
            }
            match (id,) {
                (Some(id),) => Ok(Sample {
                    id,
                    note: note.unwrap_or_default(),
                    tags: tags.unwrap_or_default(),
                    others,
                }),
                (id,) => Err(missing(&[(id.is_none(), "id")])),
            }
        }
    }

    impl<'de> serde::Deserialize<'de> for Sample {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            decode(deserializer)
        }
    }

    fn parse(json: &str) -> Result<Sample, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn absent_null_and_present_are_told_apart() {
        let absent = parse(r#"{"id":"a"}"#).unwrap();
        assert_eq!(absent.note, None);
        assert_eq!(absent.tags, Vec::<String>::new());
        let null = parse(r#"{"id":"a","note":null}"#).unwrap();
        assert_eq!(null.note, Some(None));
        let present = parse(r#"{"id":"a","note":"n","tags":["t"],"extra":3}"#).unwrap();
        assert_eq!(present.note, Some(Some("n".to_owned())));
        assert_eq!(present.tags, ["t"]);
        assert_eq!(present.others.get("extra"), Some(&3));
    }

    #[test]
    fn errors_read_as_serde_derive_writes_them() {
        let missing = parse(r#"{"note":null}"#).unwrap_err();
        assert!(missing.starts_with("missing field `id`"), "{missing}");
        let twice = parse(r#"{"id":"a","id":"b"}"#).unwrap_err();
        assert!(twice.starts_with("duplicate field `id`"), "{twice}");
        let wrong = parse("[1]").unwrap_err();
        assert!(wrong.contains("expected struct Sample"), "{wrong}");
        let bad = parse(r#"{"id":"a","unknown":"x"}"#).unwrap_err();
        assert!(bad.contains("expected i64"), "{bad}");
    }

    #[test]
    fn decodes_from_values_and_borrowed_input() {
        let value = serde_json::json!({"id": "v", "tags": ["x"]});
        let sample: Sample = serde_json::from_value(value).unwrap();
        assert_eq!(sample.id, "v");
        let mut deserializer = serde_json::Deserializer::from_str(r#"{"id":1}"#);
        let error = serde_path_to_error::deserialize::<_, Sample>(&mut deserializer).unwrap_err();
        assert_eq!(error.path().to_string(), "id");
    }
}
