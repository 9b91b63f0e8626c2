//! Where the JSON pre-passes stand in the document: a chain of pointer segments
//! borrowed from the keys being walked, turned into a `#/...` pointer only when a
//! diagnostic needs one (the walk over a large document builds no strings).

use crate::diagnostics::escape_pointer_segment;

enum Segment<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

/// A location in the raw document.
pub(super) struct At<'a> {
    parent: Option<&'a At<'a>>,
    segment: Segment<'a>,
}

impl<'a> At<'a> {
    pub(super) fn root() -> At<'static> {
        At {
            parent: None,
            segment: Segment::Root,
        }
    }

    pub(super) fn key(&'a self, key: &'a str) -> At<'a> {
        At {
            parent: Some(self),
            segment: Segment::Key(key),
        }
    }

    pub(super) fn index(&'a self, index: usize) -> At<'a> {
        At {
            parent: Some(self),
            segment: Segment::Index(index),
        }
    }

    /// The JSON pointer, e.g. `#/components/schemas/Pet/type`.
    pub(super) fn pointer(&self) -> String {
        let mut segments = Vec::new();
        let mut at = Some(self);
        while let Some(here) = at {
            match &here.segment {
                Segment::Root => {}
                Segment::Key(key) => segments.push(escape_pointer_segment(key)),
                Segment::Index(index) => segments.push(index.to_string()),
            }
            at = here.parent;
        }
        let mut pointer = String::from("#");
        for segment in segments.iter().rev() {
            pointer.push('/');
            pointer.push_str(segment);
        }
        pointer
    }
}

#[cfg(test)]
mod tests {
    use super::At;

    #[test]
    fn pointers_are_escaped_and_in_order() {
        let root = At::root();
        let paths = root.key("paths");
        let path = paths.key("/pets/{id}");
        let get = path.key("get");
        let param = get.index(2);
        assert_eq!(param.pointer(), "#/paths/~1pets~1{id}/get/2");
        assert_eq!(root.pointer(), "#");
    }
}
