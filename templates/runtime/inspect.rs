//! Checking a request body before it is sent, in one walk over its `Serialize`
//! implementation: numbers must be finite (JSON has no NaN or infinity, and
//! `serde_json` would silently send them as `null`), and the string values of
//! sensitive fields are collected so that errors can hide them if a server
//! echoes them back.

use std::fmt;

use serde::ser::{self, Serialize};

use crate::redact::is_sensitive;

/// What the walk found in a valid body.
pub(crate) struct Inspected {
    /// Values of sensitive fields (PIN codes, tokens, ...).
    pub(crate) secrets: Vec<String>,
}

/// Why a body cannot be sent: the message names the field.
#[derive(Debug)]
pub(crate) struct Problem(String);

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Problem {}

impl ser::Error for Problem {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Problem(message.to_string())
    }
}

/// Walks `body`; fails on the first non-finite number.
pub(crate) fn inspect<B: Serialize + ?Sized>(body: &B) -> Result<Inspected, Problem> {
    let mut walker = Walker {
        path: Vec::new(),
        sensitive_depth: 0,
        secrets: Vec::new(),
    };
    body.serialize(&mut walker)?;
    Ok(Inspected {
        secrets: walker.secrets,
    })
}

struct Walker {
    /// Field names and indexes down to the current value.
    path: Vec<String>,
    /// How many sensitive fields enclose the current value (0: none).
    sensitive_depth: usize,
    secrets: Vec<String>,
}

impl Walker {
    fn path(&self) -> String {
        let mut out = String::new();
        for segment in &self.path {
            if segment.starts_with('[') || out.is_empty() {
                out.push_str(segment);
            } else {
                out.push('.');
                out.push_str(segment);
            }
        }
        out
    }

    fn number(&mut self, value: f64, shown: impl fmt::Display) -> Result<(), Problem> {
        if !value.is_finite() {
            return Err(Problem(format!(
                "`{}` must be a finite number, got {shown}",
                self.path()
            )));
        }
        self.scalar(shown)
    }

    fn scalar(&mut self, shown: impl fmt::Display) -> Result<(), Problem> {
        if self.sensitive_depth > 0 {
            self.secrets.push(shown.to_string());
        }
        Ok(())
    }

    /// Serializes `value` as the member `name`.
    fn member<T: Serialize + ?Sized>(&mut self, name: String, value: &T) -> Result<(), Problem> {
        let sensitive = is_sensitive(&name);
        self.path.push(name);
        self.sensitive_depth += usize::from(sensitive);
        let result = value.serialize(&mut *self);
        self.sensitive_depth -= usize::from(sensitive);
        self.path.pop();
        result
    }
}

macro_rules! integers {
    ($($method:ident: $ty:ty),*) => {
        $(fn $method(self, value: $ty) -> Result<(), Problem> {
            self.scalar(value)
        })*
    };
}

impl<'a> ser::Serializer for &'a mut Walker {
    type Ok = ();
    type Error = Problem;
    type SerializeSeq = Items<'a>;
    type SerializeTuple = Items<'a>;
    type SerializeTupleStruct = Items<'a>;
    type SerializeTupleVariant = Items<'a>;
    type SerializeMap = Members<'a>;
    type SerializeStruct = Members<'a>;
    type SerializeStructVariant = Members<'a>;

    integers!(serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_i128: i128, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_u128: u128, serialize_char: char);

    fn serialize_bool(self, _: bool) -> Result<(), Problem> {
        Ok(())
    }
    fn serialize_f32(self, value: f32) -> Result<(), Problem> {
        self.number(f64::from(value), value)
    }
    fn serialize_f64(self, value: f64) -> Result<(), Problem> {
        self.number(value, value)
    }
    fn serialize_str(self, value: &str) -> Result<(), Problem> {
        self.scalar(value)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Problem> {
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Problem> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Problem> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Problem> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Problem> {
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Problem> {
        self.scalar(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Problem> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Problem> {
        self.member(variant.to_owned(), value)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Items<'a>, Problem> {
        Ok(Items {
            walker: self,
            index: 0,
        })
    }
    fn serialize_tuple(self, _: usize) -> Result<Items<'a>, Problem> {
        Ok(Items {
            walker: self,
            index: 0,
        })
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Items<'a>, Problem> {
        Ok(Items {
            walker: self,
            index: 0,
        })
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Items<'a>, Problem> {
        Ok(Items {
            walker: self,
            index: 0,
        })
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Members<'a>, Problem> {
        Ok(Members {
            walker: self,
            key: None,
        })
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Members<'a>, Problem> {
        Ok(Members {
            walker: self,
            key: None,
        })
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Members<'a>, Problem> {
        Ok(Members {
            walker: self,
            key: None,
        })
    }
}

/// The elements of a sequence or tuple, named by index.
pub(crate) struct Items<'a> {
    walker: &'a mut Walker,
    index: usize,
}

impl Items<'_> {
    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Problem> {
        let name = format!("[{}]", self.index);
        self.index += 1;
        // An index is no field name: it inherits the enclosing field's sensitivity.
        self.walker.path.push(name);
        let result = value.serialize(&mut *self.walker);
        self.walker.path.pop();
        result
    }
}

macro_rules! items {
    ($($trait:ident :: $method:ident),*) => {
        $(impl ser::$trait for Items<'_> {
            type Ok = ();
            type Error = Problem;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Problem> {
                self.item(value)
            }
            fn end(self) -> Result<(), Problem> {
                Ok(())
            }
        })*
    };
}

items!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// The members of a map or struct, named by key.
pub(crate) struct Members<'a> {
    walker: &'a mut Walker,
    /// A map's key, between `serialize_key` and `serialize_value`.
    key: Option<String>,
}

impl ser::SerializeMap for Members<'_> {
    type Ok = ();
    type Error = Problem;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Problem> {
        self.key = Some(match serde_json::to_value(key) {
            Ok(serde_json::Value::String(name)) => name,
            Ok(other) => other.to_string(),
            Err(_) => String::from("?"),
        });
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Problem> {
        let key = self.key.take().unwrap_or_default();
        self.walker.member(key, value)
    }

    fn end(self) -> Result<(), Problem> {
        Ok(())
    }
}

macro_rules! members {
    ($($trait:ident),*) => {
        $(impl ser::$trait for Members<'_> {
            type Ok = ();
            type Error = Problem;
            fn serialize_field<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) -> Result<(), Problem> {
                self.walker.member(name.to_owned(), value)
            }
            fn end(self) -> Result<(), Problem> {
                Ok(())
            }
        })*
    };
}

members!(SerializeStruct, SerializeStructVariant);
