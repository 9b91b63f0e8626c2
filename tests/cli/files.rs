//! A file flag of a generic API's command line (tests/generic-client's
//! `cli` feature): the file's bytes are sent as its multipart part, named
//! after the file read.

use wiremock::ResponseTemplate;

use crate::support::{answering_with, generic_binary, only_request, run, Run};

async fn generic(args: &[&str], endpoint: &str) -> Run {
    let mut command = tokio::process::Command::new(generic_binary());
    command.args(args);
    run(
        command,
        &[
            ("PET_STORE_TOKEN", "pet-token"),
            ("PET_STORE_ENDPOINT", endpoint),
        ],
    )
    .await
}

#[tokio::test]
async fn a_file_flag_sends_the_file_under_its_own_name() {
    let dir = std::env::temp_dir().join(format!("cli-files-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let photo = dir.join("rex at the beach.png");
    std::fs::write(&photo, b"\x89PNG\r\n").unwrap();
    let server = answering_with(
        ResponseTemplate::new(201).set_body_json(serde_json::json!({"id": "p1", "name": "Rex"})),
    )
    .await;
    let photo_arg = photo.to_str().unwrap();
    let run = generic(
        &["pets", "upload", "--petName", "Rex", "--file", photo_arg],
        &server.uri(),
    )
    .await;
    run.expect_code(0);
    let request = only_request(&server).await;
    let body = request.body;
    let disposition = b"Content-Disposition: form-data; name=\"file\"; filename=\"rex at the beach.png\"\r\nContent-Type: application/octet-stream\r\n\r\n\x89PNG\r\n";
    assert!(
        body.windows(disposition.len()).any(|w| w == disposition),
        "{}",
        String::from_utf8_lossy(&body)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
