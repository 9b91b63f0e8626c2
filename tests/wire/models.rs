//! Responses with values this client does not know yet: they decode, and the
//! unknown values are kept exactly as sent when the model is serialized again.

use seam::models::{
    AcsCredential, AcsCredentialAccessMethod, AcsCredentialExternalType, AcsCredentialWarning,
    UnmanagedAcsCredential,
};
use serde_json::{json, Value};
use wiremock::matchers::{any, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

/// A credential using an access method, a warning code and an external type
/// added after this client was generated, plus fields it has never heard of.
fn future_credential() -> Value {
    let mut value = credential(CREDENTIAL_ID);
    value["access_method"] = json!("face_scan");
    value["external_type"] = json!("future_vendor_credential");
    value["warnings"] = json!([
        {
            "warning_code": "waiting_to_be_issued",
            "created_at": "2024-04-12T03:56:22.396Z",
            "message": "Not issued yet."
        },
        {
            "warning_code": "battery_running_low",
            "created_at": "2024-04-13T00:00:00Z",
            "message": "Replace the battery soon.",
            "battery_level": 0.07,
            "details": { "device_ids": ["d1", "d2"] }
        }
    ]);
    value["errors"] = json!([{ "error_code": "brand_new_error", "message": "New." }]);
    value["a_field_added_later"] = json!({ "nested": [1, 2, 3] });
    value["another_new_flag"] = json!(true);
    value
}

#[tokio::test]
async fn unknown_values_decode_and_round_trip() {
    let server = MockServer::start().await;
    Mock::given(any())
        .and(path("/acs/credentials/get"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({ "acs_credential": future_credential(), "ok": true })),
        )
        .expect(1)
        .mount(&server)
        .await;
    let credential: AcsCredential = client(&server)
        .acs()
        .credentials()
        .get(CREDENTIAL_ID)
        .await
        .unwrap();

    // The unknown value is readable, never matchable by value: a later version may
    // name it (the enum is `#[non_exhaustive]` and `UnknownValue` has no public
    // constructor).
    let AcsCredentialAccessMethod::Unknown(unknown_method) = &credential.access_method else {
        panic!(
            "expected an unknown access method, got {:?}",
            credential.access_method
        );
    };
    assert_eq!(unknown_method.as_str(), "face_scan");
    assert_eq!(credential.access_method.as_str(), "face_scan");
    assert_eq!(credential.access_method.to_string(), "face_scan");
    assert!(matches!(
        credential.external_type,
        Some(AcsCredentialExternalType::Unknown(_))
    ));
    assert_eq!(
        credential.external_type.as_ref().map(|t| t.as_str()),
        Some("future_vendor_credential")
    );
    assert_eq!(credential.warnings.len(), 2);
    let AcsCredentialWarning::WaitingToBeIssued(known) = &credential.warnings[0] else {
        panic!("expected a known warning, got {:?}", credential.warnings[0]);
    };
    assert_eq!(known.message, "Not issued yet.");
    assert_eq!(known.created_at, at("2024-04-12T03:56:22.396Z"));
    assert_eq!(credential.warnings[0].tag(), Some("waiting_to_be_issued"));
    let AcsCredentialWarning::Unknown(unknown) = &credential.warnings[1] else {
        panic!(
            "expected an unknown warning, got {:?}",
            credential.warnings[1]
        );
    };
    assert_eq!(unknown.as_json(), &future_credential()["warnings"][1]);
    assert_eq!(credential.warnings[1].tag(), Some("battery_running_low"));
    // Fields every warning has are read without a match: a known warning's from
    // its struct, an unknown one's strings from its JSON.
    assert_eq!(credential.warnings[0].message(), Some("Not issued yet."));
    assert_eq!(
        credential.warnings[0].created_at(),
        Some(&at("2024-04-12T03:56:22.396Z"))
    );
    assert_eq!(
        credential.warnings[1].message(),
        Some("Replace the battery soon.")
    );
    assert_eq!(credential.warnings[1].created_at(), None);
    assert_eq!(credential.errors[0].error_code, "brand_new_error");

    // Serialized again, every unknown value is exactly as received.
    let again = serde_json::to_value(&credential).unwrap();
    let sent = future_credential();
    assert_eq!(again["access_method"], json!("face_scan"));
    assert_eq!(again["external_type"], json!("future_vendor_credential"));
    assert_eq!(again["warnings"], sent["warnings"]);
    assert_eq!(again["errors"], sent["errors"]);

    // The rest round-trips too. The model has no catch-all for fields it does
    // not know, so those (and the null `code`) are the only differences.
    let mut expected = sent;
    let object = expected.as_object_mut().unwrap();
    object.remove("a_field_added_later");
    object.remove("another_new_flag");
    object.remove("code");
    assert_eq!(again, expected);

    // And decoding the re-serialized value gives the same credential.
    let decoded: AcsCredential = serde_json::from_value(again).unwrap();
    assert_eq!(decoded, credential);
}

#[tokio::test]
async fn unknown_values_in_lists_and_unmanaged_credentials() {
    let server = MockServer::start().await;
    let mut unmanaged = future_credential();
    unmanaged["is_managed"] = json!(false);
    Mock::given(any())
        .and(path("/acs/credentials/list"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "acs_credentials": [future_credential(), credential(&credential_id(2))],
            "pagination": {
                "next_page_cursor": null,
                "has_next_page": false,
                "next_page_url": null,
                "total_count": 2
            },
            "ok": true
        })))
        .mount(&server)
        .await;
    Mock::given(any())
        .and(path("/acs/credentials/unmanaged/get"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({ "acs_credential": unmanaged, "ok": true })),
        )
        .mount(&server)
        .await;
    let seam = client(&server);
    let credentials = seam.acs().credentials().list().await.unwrap();
    assert_eq!(credentials.len(), 2);
    assert!(matches!(
        credentials[0].access_method,
        AcsCredentialAccessMethod::Unknown(_)
    ));
    assert_eq!(credentials[0].access_method.as_str(), "face_scan");
    assert_eq!(
        credentials[1].access_method,
        AcsCredentialAccessMethod::MobileKey
    );

    let unmanaged: UnmanagedAcsCredential = seam
        .acs()
        .credentials()
        .unmanaged()
        .get(CREDENTIAL_ID)
        .await
        .unwrap();
    assert!(!unmanaged.is_managed);
    let again = serde_json::to_value(&unmanaged).unwrap();
    assert_eq!(again["access_method"], json!("face_scan"));
    assert_eq!(again["warnings"], future_credential()["warnings"]);
}

#[tokio::test]
async fn unknown_enum_values_are_sent_unchanged() {
    // A value this client does not know can still be sent.
    let method_value: AcsCredentialAccessMethod = "face_scan".parse().unwrap();
    assert_eq!(
        AcsCredentialAccessMethod::from("card"),
        AcsCredentialAccessMethod::Card
    );
    let server = MockServer::start().await;
    Mock::given(any())
        .and(path("/acs/credentials/create"))
        .respond_with(ResponseTemplate::new(200).set_body_json(get_response(CREDENTIAL_ID)))
        .expect(1)
        .mount(&server)
        .await;
    client(&server)
        .acs()
        .credentials()
        .create(method_value)
        .acs_user_id(USER_ID)
        .await
        .unwrap();
    assert_request(
        &only_request(&server).await,
        "/acs/credentials/create",
        Auth::ApiKey,
        json!({ "access_method": "face_scan", "acs_user_id": USER_ID }),
    );
}
