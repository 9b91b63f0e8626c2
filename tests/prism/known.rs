//! The cases where Prism itself is wrong or a document is broken: each names
//! the document, the operation (`*`: every one), the check and the run it
//! excuses, and why. A failure they match is reported as known and does not
//! fail the test; every other check of that operation still counts. A case
//! that no longer matches any failure fails the test, so the table cannot
//! outlive what it describes.

use crate::calls::{Check, Failure, RunKind};

/// One known case.
pub struct Known {
    /// The documents it holds for, as the report names them.
    pub documents: &'static [&'static str],
    /// The operation's dotted name; `*` for every operation of the document.
    pub operation: &'static str,
    pub check: Check,
    /// The run it excuses; `None` for every run.
    pub run: Option<RunKind>,
    /// A text the failure's detail contains, so that another failure of the
    /// same check is not excused.
    pub detail: &'static str,
    pub why: &'static str,
}

impl Known {
    pub fn matches(&self, document: &str, failure: &Failure) -> bool {
        self.documents.contains(&document)
            && (self.operation == "*" || self.operation == failure.operation)
            && self.check == failure.check
            && (self.run.is_none() || self.run == failure.run)
            && failure.detail.contains(self.detail)
    }
}

/// The Seam-profile fixtures written for one construct each: Seam's wire
/// conventions (the envelope, a body on every POST) are the profile's, and
/// these documents leave them out.
const SEAM_FIXTURES_WITHOUT_OK: &[&str] = &[
    "fixtures/all_of.yaml",
    "fixtures/edge_cases.yaml",
    "fixtures/injection.yaml",
    "fixtures/keywords.yaml",
    "fixtures/nested_arrays.yaml",
    "fixtures/nullable_optional.yaml",
    "fixtures/one_of_discriminator.yaml",
    "fixtures/operations_and_params.yaml",
    "fixtures/sensitive.yaml",
];
const SEAM_FIXTURES_WITHOUT_BODY: &[&str] = &[
    "fixtures/command_line.yaml",
    "fixtures/defaults_deprecated_undocumented.yaml",
    "fixtures/edge_cases.yaml",
    "fixtures/empty_enum.yaml",
    "fixtures/operations_and_params.yaml",
];
const SEAM_FIXTURES_POST_WITHOUT_BODY: &[&str] = &[
    "fixtures/client_kinds.yaml",
    "fixtures/defaults_deprecated_undocumented.yaml",
    "fixtures/edge_cases.yaml",
    "fixtures/operations_and_params.yaml",
    "fixtures/recursive.yaml",
];

/// Why Prism cannot serve an answer declared as any media type.
const PRISM_WILDCARD: &str = "Prism 5.16 cannot answer an object schema declared under `*/*`: asked for `application/json` (what the client decodes) it finds no content (406, or 500 for an error status), as it matches `*/*` only to `*/*`; asked for `*/*` it fails to serialise the object as text (NO_COMPLEX_OBJECT_TEXT); both checked by hand with curl";

/// The table.
pub const KNOWN: &[Known] = &[
    // Documents that do not describe what their profile puts on the wire.
    Known {
        documents: SEAM_FIXTURES_WITHOUT_OK,
        operation: "*",
        check: Check::Decoded,
        run: None,
        detail: "the response has no `ok` field",
        why: "a Seam-profile fixture whose success schema leaves out Seam's envelope (`ok: true`), so Prism's body has no `ok`",
    },
    Known {
        documents: SEAM_FIXTURES_WITHOUT_BODY,
        operation: "*",
        check: Check::Decoded,
        run: None,
        detail: "EOF while parsing a value at line 1 column 0",
        why: "a Seam-profile fixture declares a success without a body; Seam always answers its JSON envelope",
    },
    Known {
        documents: SEAM_FIXTURES_POST_WITHOUT_BODY,
        operation: "*",
        check: Check::Accepted,
        run: None,
        detail: "INVALID_CONTENT_TYPE",
        why: "the Seam profile sends a JSON body on every POST, as Seam's SDKs do; the fixture declares the operation without a requestBody",
    },
    // Prism at fault.
    Known {
        documents: &["fixtures/generic_auth.yaml"],
        operation: "pets.feed",
        check: Check::Accepted,
        run: None,
        detail: "NO_COMPLEX_OBJECT_TEXT",
        why: "Prism 5.16 cannot mock a `text/event-stream` whose data schema is an object: it tries to serialise the object as text (500 NO_COMPLEX_OBJECT_TEXT). It validates the request before it builds the answer (an invalid one is a 422), so the request passed; tests/hostile/events.rs reads such streams from raw servers",
    },
    // Documents at fault.
    Known {
        documents: &["fixtures/all_of.yaml"],
        operation: "things.list",
        check: Check::Accepted,
        run: Some(RunKind::All),
        detail: "must match exactly one schema in oneOf",
        why: "the body's oneOf variants overlap, as in Seam's own document ({user_id}, {user_id, system_id} and {}, which every object matches): a body with its fields matches several, which oneOf forbids",
    },
    Known {
        documents: &["fire.com.json"],
        operation: "addBankTransferBatchPayment",
        check: Check::Accepted,
        run: None,
        detail: "must match exactly one schema in oneOf",
        why: "the body's oneOf variants require nothing and allow any other property, so every object matches both and none matches exactly one",
    },
    Known {
        documents: &["ably.io/platform.json"],
        operation: "subscribePushDeviceToChannel",
        check: Check::Accepted,
        run: None,
        detail: "must match exactly one schema in oneOf",
        why: "the body's oneOf variants ({channel, deviceId} and {channel, clientId}) require nothing and allow any other property, so every object matches both",
    },
    Known {
        documents: &["spacetraders.io.json"],
        operation: "*",
        check: Check::Example,
        run: None,
        detail: "must have required property",
        why: "the document's response examples leave out properties its schemas require (`route` of jump-ship's data, `symbol` of a shipyard's ships)",
    },
    Known {
        documents: &["circleci.com.json"],
        operation: "user.heroku-key.post",
        check: Check::Decoded,
        run: Some(RunKind::Required),
        detail: "Prism answered 403",
        why: "the document declares no success for POST /user/heroku-key, only a 403, which Prism answers",
    },
    Known {
        documents: &["dev.to.json"],
        operation: "*",
        check: Check::Sent,
        run: Some(RunKind::All),
        detail: "missing field `body_markdown`",
        why: "the display ads' body is `type: object` with `items`: the client takes a list of DisplayAd, the sampler follows `type` and builds an object",
    },
    Known {
        documents: &["dev.to.json"],
        operation: "*",
        check: Check::Example,
        run: None,
        detail: "must match format \"url\"",
        why: "the document's examples are localhost URLs (`http://localhost:3000/...`), which the `url` format Prism checks its answers with (ajv-formats: a host with a top-level domain) refuses",
    },
    Known {
        documents: &["fire.com.json"],
        operation: "*",
        check: Check::Example,
        run: None,
        detail: "Prism's 200 answer",
        why: "the document's examples break its own schemas (a number where it says string, a string where it says integer)",
    },
    // The client, by design.
    Known {
        documents: &["fixtures/generic_auth.yaml"],
        operation: "pets.session",
        check: Check::Value,
        run: Some(RunKind::Required),
        detail: "no security requirement the client supports",
        why: "the operation accepts only a cookie API key, which the client cannot send: it fails before sending (Error::MissingCredentials, tests/wire/security.rs)",
    },
    Known {
        documents: &["fixtures/generic_auth.yaml"],
        operation: "pets.session",
        check: Check::Sent,
        run: Some(RunKind::Required),
        detail: "which this client cannot send",
        why: "the operation accepts only a cookie API key, which the client cannot send: it fails before sending, exit 2 naming the scheme",
    },
    // Prism at fault.
    Known {
        documents: &["fixtures/http_bodies.yaml", "ote-godaddy.com/abuse.json"],
        operation: "*",
        check: Check::Accepted,
        run: None,
        detail: "Unable to find content for application/json",
        why: PRISM_WILDCARD,
    },
    Known {
        documents: &["ote-godaddy.com/abuse.json"],
        operation: "*",
        check: Check::Accepted,
        run: Some(RunKind::Error),
        detail: "Prism UNKNOWN (500)",
        why: PRISM_WILDCARD,
    },
    Known {
        documents: &["ote-godaddy.com/abuse.json"],
        operation: "createTicket",
        check: Check::ErrorDecoded,
        run: Some(RunKind::Error),
        detail: "Prism answered Some(200)",
        why: "asked for the 401 the document declares under `*/*`, Prism 5.16 answers 200 without a body (checked by hand with curl)",
    },
    Known {
        documents: &["fixtures/generic_auth.yaml", "fixtures/http_encodings.yaml"],
        operation: "*",
        check: Check::Accepted,
        run: Some(RunKind::All),
        detail: "Cannot deserialize JSON object array in form data request body",
        why: "Prism 5.16 cannot read a list of objects in a form body written as `deepObject` with indices (`line_items[0][price]=p`, as Stripe's API reads it); it asks for JSON inside the form",
    },
    Known {
        documents: &[
            "fixtures/generic_auth.yaml",
            "fixtures/http_bodies.yaml",
            "fixtures/http_encodings.yaml",
        ],
        operation: "*",
        check: Check::Accepted,
        run: Some(RunKind::All),
        detail: "must be object",
        why: "Prism does not decode a multipart part sent as application/json (OpenAPI's default for an object property), nor repeated parts as a list",
    },
    Known {
        documents: &[
            "fixtures/generic_auth.yaml",
            "fixtures/http_bodies.yaml",
            "netlicensing.io.json",
        ],
        operation: "*",
        check: Check::Accepted,
        run: Some(RunKind::All),
        detail: "must be array",
        why: "Prism 5.16 reads a form body's repeated key (`tags=a&tags=b`, OpenAPI's default form style) as one string; it takes only `tags[]=a` (checked by hand with curl)",
    },
    Known {
        documents: &["fixtures/generic_auth.yaml", "fixtures/http_encodings.yaml"],
        operation: "*",
        check: Check::Accepted,
        run: Some(RunKind::Required),
        detail: "must be array",
        why: "Prism 5.16 calls an optional `spaceDelimited` or `pipeDelimited` form field that the request leaves out not an array (checked by hand with curl: the same body with `words=a%20b&codes=x|y` added passes)",
    },
    Known {
        documents: &["fixtures/http_parameters.yaml"],
        operation: "books.get",
        check: Check::PrismCrashed,
        run: Some(RunKind::Required),
        detail: "reading 'split'",
        why: "Prism crashes (TypeError in its simple-style deserializer) on an optional array header that the request leaves out",
    },
];
