//! Serde helpers the generated models share: string enums with a catch-all variant
//! and tagged unions that keep unknown variants (structs decode through `fields`);
//! and decoding JSON into them with a failure that names its path and never quotes
//! a secret (responses, action attempts, webhook payloads).

/// Implements `Display`, `FromStr`, `Serialize` and `Deserialize` for a string enum from
/// its `as_str` and `From<&str>`, so unknown values round-trip unchanged.
macro_rules! string_enum {
    ($name:ident) => {
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value =
                    <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from(value.as_ref()))
            }
        }
    };
}
pub(crate) use string_enum;

/// The methods every request builder shares, and `IntoFuture` so that a builder can
/// be awaited directly: `request_builder!(Builder, Output)`, or
/// `request_builder!(Builder, Output, Params)` for one with a parameter struct.
macro_rules! request_builder {
    ($builder:ident, $output:ty, $body:ident) => {
        crate::codec::request_builder!($builder, $output);

        impl<M> $builder<M> {
            /// The parameters as they will be sent (as the JSON body, or for
            /// some operations in the query string).
            pub fn body(&self) -> &$body {
                &self.body
            }
        }
    };
    ($builder:ident, $output:ty) => {
        impl<M> $builder<M> {
            /// Overrides the client's per-attempt timeout for this request.
            pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
                self.options.timeout = Some(timeout);
                self
            }

            /// Overrides the client's retry count for this request (retries happen
            /// only for operations that are safe to repeat).
            pub fn max_retries(mut self, max_retries: u32) -> Self {
                self.options.max_retries = Some(max_retries);
                self
            }

            /// Applies `options` to this request: what they set overrides the
            /// client's settings and this builder's, and their headers and
            /// query parameters are sent with it.
            pub fn with_options(mut self, options: crate::RequestOptions) -> Self {
                self.options.apply(options);
                self
            }
        }

        impl $builder {
            /// Sends the request; returns what `send` does with the status,
            /// headers and request id of the response it was read from.
            pub async fn send_with_response(
                mut self,
            ) -> Result<crate::HttpResponse<$output>, crate::Error> {
                let capture = crate::response::Capture::default();
                self.options.capture = Some(capture.clone());
                let body = self.send().await?;
                Ok(capture.into_response(body))
            }
        }

        impl std::future::IntoFuture for $builder {
            type Output = Result<$output, crate::Error>;
            // `Send` where reqwest's futures are: not on wasm.
            #[cfg(not(target_arch = "wasm32"))]
            type IntoFuture =
                std::pin::Pin<Box<dyn std::future::Future<Output = Self::Output> + Send>>;
            #[cfg(target_arch = "wasm32")]
            type IntoFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Self::Output>>>;

            fn into_future(self) -> Self::IntoFuture {
                Box::pin(self.send())
            }
        }
    };
}
pub(crate) use request_builder;

/// A value of a string enum that this version of the client has no variant for,
/// kept as sent. It cannot be built or matched by value outside this crate: a
/// later version may give the value a variant of its own, and code matching it
/// here would stop matching without a word. Compare the enum's `as_str()` instead.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UnknownValue(String);

impl UnknownValue {
    pub(crate) fn new(value: &str) -> Self {
        UnknownValue(value.to_owned())
    }

    /// The value as sent on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A union variant, or a value of a shape, that this version of the client does
/// not know, kept as sent; like [`UnknownValue`], only readable. A variant the
/// client knows but that did not decode (a field the API left out) is kept
/// here too, with why: see [`decode_error`](Self::decode_error).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(transparent)]
pub struct UnknownJson {
    value: serde_json::Value,
    #[serde(skip)]
    error: Option<Box<str>>,
}

impl UnknownJson {
    pub(crate) fn new(value: serde_json::Value) -> Self {
        UnknownJson { value, error: None }
    }

    /// The value as sent.
    pub fn as_json(&self) -> &serde_json::Value {
        &self.value
    }

    /// Why a variant this client knows (its tag is one it names) did not
    /// decode as its type; `None` for a variant it does not know.
    pub fn decode_error(&self) -> Option<&str> {
        self.error.as_deref()
    }
}

/// A tagged union's variant: its payload decoded as `T` (`wrap`), or, when it
/// does not decode, kept as sent with the error (`keep`), so that one bad
/// variant never fails the whole response.
pub(crate) fn variant<T, U>(
    value: serde_json::Value,
    wrap: fn(T) -> U,
    keep: fn(UnknownJson) -> U,
) -> U
where
    T: serde::de::DeserializeOwned,
{
    match T::deserialize(&value) {
        Ok(payload) => wrap(payload),
        Err(error) => keep(UnknownJson {
            value,
            error: Some(error.to_string().into()),
        }),
    }
}

/// Reads an untagged union's catch-all (`#[serde(deserialize_with)]`), so that
/// `UnknownJson` itself cannot be deserialized, and so built, outside the crate.
pub(crate) fn unknown_json<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<UnknownJson, D::Error> {
    <serde_json::Value as serde::Deserialize>::deserialize(deserializer).map(UnknownJson::new)
}

/// The string value of `tag` in a JSON object, if there is one.
pub(crate) fn tag_of<'a>(value: &'a serde_json::Value, tag: &str) -> Option<&'a str> {
    value.get(tag).and_then(serde_json::Value::as_str)
}

/// Serializes a union variant's payload with its tag added back.
pub(crate) fn serialize_tagged<S, T>(
    serializer: S,
    tag: &str,
    tag_value: &str,
    payload: &T,
) -> Result<S::Ok, S::Error>
where
    S: serde::Serializer,
    T: serde::Serialize,
{
    use serde::ser::Error;
    let mut value = serde_json::to_value(payload).map_err(S::Error::custom)?;
    if let serde_json::Value::Object(map) = &mut value {
        map.insert(
            tag.to_owned(),
            serde_json::Value::String(tag_value.to_owned()),
        );
    }
    serde::Serialize::serialize(&value, serializer)
}

/// Why a JSON value did not decode: the JSON path at fault (`acs_credential.code`,
/// `.` for the root) and serde's message, without the position and without a
/// quoted value where the path is a secret field.
pub(crate) struct DecodeFailure {
    pub(crate) path: String,
    pub(crate) message: String,
}

/// Decodes `json` (the value at `path`, or the whole text) as `T`, with nothing
/// after it.
pub(crate) fn decode_json<T: serde::de::DeserializeOwned>(
    json: &[u8],
    path: Option<&str>,
) -> Result<T, DecodeFailure> {
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        // serde_path_to_error prints the root as "." and array indexes as "[0]".
        let mut path = match (e.path().to_string(), path) {
            (inner, None) => inner,
            (inner, Some(path)) if inner == "." => path.to_owned(),
            (inner, Some(path)) if inner.starts_with('[') => format!("{path}{inner}"),
            (inner, Some(path)) => format!("{path}.{inner}"),
        };
        let inner = e.into_inner();
        // The position is within the field's own text, which no one sees: drop it.
        let position = format!(" at line {} column {}", inner.line(), inner.column());
        let mut message = inner.to_string();
        if let Some(stripped) = message.strip_suffix(&position) {
            message = stripped.to_owned();
        }
        // A missing field is reported at its parent: name the field itself.
        if let Some(field) = message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next())
        {
            path = match path.as_str() {
                "." => field.to_owned(),
                _ => format!("{path}.{field}"),
            };
        } else if path.split('.').any(|segment| {
            crate::redact::is_sensitive(segment.split('[').next().unwrap_or_default())
        }) {
            // serde quotes the offending value, which here is a secret.
            message =
                "the value has the wrong type (not shown: the field holds a secret)".to_owned();
        }
        DecodeFailure { path, message }
    })?;
    deserializer.end().map_err(|e| DecodeFailure {
        path: path.unwrap_or(".").to_owned(),
        message: format!("unexpected text after the JSON value: {e}"),
    })?;
    Ok(value)
}
