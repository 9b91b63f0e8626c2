//! A response that lacks a field the spec requires is never filled in with an
//! invented value: lists and maps may default to empty, anything else missing is
//! `Error::Decode` naming the field and its JSON path.

use seam::Error;
use serde_json::Value;

use crate::server::{json_response, RawServer};
use crate::support::{client, credential, CREDENTIAL_ID};

async fn get_with(mut value: Value, remove: &str) -> Result<seam::models::AcsCredential, Error> {
    value.as_object_mut().unwrap().remove(remove);
    let body = serde_json::json!({ "acs_credential": value, "ok": true }).to_string();
    let server = RawServer::fixed(json_response("200 OK", "", &body)).await;
    client(&server.url())
        .acs()
        .credentials()
        .get(CREDENTIAL_ID)
        .send()
        .await
}

#[tokio::test]
async fn a_missing_required_scalar_is_a_decode_error_naming_it() {
    for field in [
        "created_at",
        "is_managed",
        "acs_credential_id",
        "access_method",
        "display_name",
        "workspace_id",
    ] {
        let err = get_with(credential(CREDENTIAL_ID), field)
            .await
            .expect_err(field);
        match &err {
            Error::Decode {
                operation,
                path,
                message,
                ..
            } => {
                assert_eq!(*operation, "acs.credentials.get");
                assert_eq!(path, &format!("acs_credential.{field}"), "{err}");
                assert!(
                    message.contains(&format!("missing field `{field}`")),
                    "{field}: {message}"
                );
            }
            other => panic!("{field}: expected a Decode error, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn missing_required_lists_decode_as_empty_and_optional_fields_as_none() {
    let mut value = credential(CREDENTIAL_ID);
    value.as_object_mut().unwrap().remove("warnings");
    let credential = get_with(value, "errors")
        .await
        .expect("lists may be left out");
    assert!(credential.errors.is_empty());
    assert!(credential.warnings.is_empty());
    assert_eq!(credential.acs_user_id, None);
    assert_eq!(credential.starts_at, None);
}

#[tokio::test]
async fn a_missing_field_deep_in_a_list_names_its_path() {
    let mut value = credential(CREDENTIAL_ID);
    value["errors"] =
        serde_json::json!([{ "error_code": "x", "message": "m" }, { "error_code": "y" }]);
    let err = get_with(value, "nothing").await.unwrap_err();
    assert!(
        matches!(&err, Error::Decode { path, message, .. } if path == "acs_credential.errors[1].message" && message.contains("missing field `message`")),
        "{err:?}"
    );
}

#[tokio::test]
async fn send_as_reads_what_send_refuses_without_inventing_anything() {
    let mut value = credential(CREDENTIAL_ID);
    value.as_object_mut().unwrap().remove("created_at");
    let body = serde_json::json!({ "acs_credential": value, "ok": true }).to_string();
    let server = RawServer::fixed(json_response("200 OK", "", &body)).await;
    let seam = client(&server.url());
    let raw: Value = seam
        .acs()
        .credentials()
        .get(CREDENTIAL_ID)
        .send_as()
        .await
        .unwrap();
    assert_eq!(raw, value);

    /// A caller's own type, lenient where the server is.
    #[derive(serde::Deserialize)]
    struct Lenient {
        acs_credential_id: String,
        created_at: Option<String>,
    }
    let lenient: Lenient = seam
        .acs()
        .credentials()
        .get(CREDENTIAL_ID)
        .send_as()
        .await
        .unwrap();
    assert_eq!(lenient.acs_credential_id, CREDENTIAL_ID);
    assert_eq!(lenient.created_at, None);
}
