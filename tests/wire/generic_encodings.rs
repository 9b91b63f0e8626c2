//! A form's and a multipart body's per-field `encoding` on the wire
//! (tests/generic-client, from tests/fixtures/valid/generic_auth.yaml): the
//! exact form bytes of `deepObject` objects and lists of objects (what
//! Stripe's Node SDK sends), `form` not exploded, `spaceDelimited` and
//! `pipeDelimited`; multipart parts with their declared media types and
//! headers, and the file names and types a caller gives.

use generic_client::models::{PetsDocumentsMeta, PetsLicenseAddress, PetsLicenseLineItem};
use generic_client::{Error, FilePart};
use wiremock::ResponseTemplate;

use crate::generic_bodies::multipart_parts;
use crate::support::{answering_with, header, only_request, pet_store};

#[tokio::test]
async fn deep_object_fields_nest_with_brackets_and_indices() {
    let server = answering_with(ResponseTemplate::new(204)).await;
    pet_store(&server)
        .pets()
        .license("Rex", "Ann Lee")
        .address(
            PetsLicenseAddress::default()
                .with_line1("1 Main St")
                .with_city("Paris"),
        )
        .line_items([
            PetsLicenseLineItem::default()
                .with_price("price_1")
                .with_quantity(2)
                .with_tax_rates(vec!["txr_1".to_owned(), "txr_2".to_owned()]),
            PetsLicenseLineItem::default().with_price("price_2"),
        ])
        .expand(["customer", "invoice.lines"])
        .metadata([("order_id".to_owned(), "6735".to_owned())].into())
        .ids([1, 2])
        .words(["a b", "c"])
        .codes(["x", "y|z"])
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/pets/Rex/licenses");
    assert_eq!(
        header(&request, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    // Fields by name; brackets as they are, names and values percent-encoded
    // (a space as `%20`), byte for byte as Stripe's SDK writes them.
    assert_eq!(
        String::from_utf8(request.body.clone()).unwrap(),
        "address[city]=Paris&address[line1]=1%20Main%20St\
         &codes=x%7Cy%7Cz\
         &expand[0]=customer&expand[1]=invoice.lines\
         &holder=Ann%20Lee\
         &ids=1%2C2\
         &line_items[0][price]=price_1&line_items[0][quantity]=2\
         &line_items[0][tax_rates][0]=txr_1&line_items[0][tax_rates][1]=txr_2\
         &line_items[1][price]=price_2\
         &metadata[order_id]=6735\
         &words=a%20b%20c"
    );
}

#[tokio::test]
async fn fields_left_unset_send_nothing() {
    let server = answering_with(ResponseTemplate::new(204)).await;
    pet_store(&server)
        .pets()
        .license("Rex", "Ann")
        .line_items([])
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_eq!(String::from_utf8(request.body).unwrap(), "holder=Ann");
}

/// A part's `Content-Disposition`, `Content-Type`, `X-Version` and content.
type PartFacts = (String, Option<String>, Option<String>, Vec<u8>);

#[tokio::test]
async fn parts_carry_their_declared_types_headers_and_file_names() {
    let server = answering_with(ResponseTemplate::new(204)).await;
    let scan = vec![0x89_u8, b'P', b'N', b'G', 13, 10];
    pet_store(&server)
        .pets()
        .documents("Rex", scan.clone())
        .attachment(
            FilePart::from(&b"%PDF-1.7"[..])
                .file_name("contract \"v2\".pdf")
                .content_type("application/pdf"),
        )
        .meta(PetsDocumentsMeta::default().with_pages(3))
        .note("# Rex")
        .await
        .unwrap();
    let request = only_request(&server).await;
    let described: Vec<PartFacts> = multipart_parts(&request)
        .iter()
        .map(|p| {
            (
                p.header("content-disposition").unwrap().to_owned(),
                p.header("content-type").map(str::to_owned),
                p.header("x-version").map(str::to_owned),
                p.content.clone(),
            )
        })
        .collect();
    let text = |s: &str| Some(s.to_owned());
    assert_eq!(
        described,
        vec![
            (
                "form-data; name=\"meta\"".to_owned(),
                text("application/vnd.meta+json"),
                text("2"),
                br#"{"pages":3}"#.to_vec()
            ),
            (
                "form-data; name=\"note\"".to_owned(),
                text("text/markdown"),
                None,
                b"# Rex".to_vec()
            ),
            (
                "form-data; name=\"scan\"; filename=\"scan\"".to_owned(),
                text("image/png"),
                None,
                scan
            ),
            (
                "form-data; name=\"attachment\"; filename=\"contract \\\"v2\\\".pdf\"".to_owned(),
                text("application/pdf"),
                None,
                b"%PDF-1.7".to_vec()
            ),
        ]
    );
}

#[tokio::test]
async fn a_file_name_with_a_line_break_is_refused_before_sending() {
    let server = answering_with(ResponseTemplate::new(204)).await;
    let err = pet_store(&server)
        .pets()
        .documents("Rex", FilePart::from(vec![1]).file_name("a\r\nx-evil: 1"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidOptions { message , .. }
            if message == "pets.documents: the body field `scan` has a file name with a control character"),
        "not refused as invalid: {err:?}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}
