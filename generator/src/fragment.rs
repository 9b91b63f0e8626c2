//! `$ref` fragments: a local reference (`#/components/schemas/%7Bid%7D`) read into
//! the JSON pointer segments it names. The fragment is percent-decoded first, as
//! any URI fragment (RFC 3986), and the pointer it yields is then split and
//! unescaped (RFC 6901: `~1` is `/`, `~0` is `~`). Every reader of a `$ref` goes
//! through here, so every kind of reference decodes alike.

use percent_encoding::percent_decode_str;

/// Why a `$ref` is not a local JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FragmentError {
    /// It points into another document (it does not start with `#`).
    External,
    /// The fragment is not a JSON pointer (`#foo`), or decodes to invalid UTF-8.
    NotPointer,
}

/// The decoded segments of a local reference: `#` is the document (no segment),
/// `#/a~1b/c%20d` is `["a/b", "c d"]`.
pub fn local_segments(reference: &str) -> Result<Vec<String>, FragmentError> {
    let fragment = reference.strip_prefix('#').ok_or(FragmentError::External)?;
    // Decoded whole before splitting: `%2F` is a `/` of the pointer (RFC 6901, §6).
    let pointer = percent_decode_str(fragment)
        .decode_utf8()
        .map_err(|_| FragmentError::NotPointer)?;
    if pointer.is_empty() {
        return Ok(Vec::new());
    }
    let rest = pointer.strip_prefix('/').ok_or(FragmentError::NotPointer)?;
    // `~1` before `~0`, so that `~01` stays `~1` (RFC 6901, §4).
    Ok(rest
        .split('/')
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_percent_decoded_then_unescaped() {
        let segments = |r| local_segments(r).unwrap();
        assert_eq!(
            segments("#/components/schemas/%7Bfoo%7D"),
            ["components", "schemas", "{foo}"]
        );
        assert_eq!(segments("#/a~1b/c~0d/~01"), ["a/b", "c~d", "~1"]);
        // A percent-encoded `~` is still an escape once decoded.
        assert_eq!(segments("#/a%7E1b"), ["a/b"]);
        assert_eq!(segments("#/a%2Fb"), ["a", "b"]);
        assert_eq!(segments("#/caf%C3%A9/"), ["café", ""]);
        assert!(segments("#").is_empty());
    }

    #[test]
    fn non_pointers_are_refused() {
        assert_eq!(
            local_segments("other.yaml#/a"),
            Err(FragmentError::External)
        );
        assert_eq!(local_segments("#a"), Err(FragmentError::NotPointer));
        assert_eq!(local_segments("#/%FF"), Err(FragmentError::NotPointer));
    }
}
