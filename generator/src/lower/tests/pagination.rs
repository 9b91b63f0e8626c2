//! The rules of `lower/pagination.rs` and `declared_pagination.rs`, each on an
//! inline document: which strategy an operation pages by, and why the others
//! do not apply.

use super::lower_with;
use crate::model::{Api, CursorField, PageReader};

const PROFILE: &str = r#"
extends = "generic"

[[pagination]]
strategy = "next_cursor"
items = "data"
next_cursor = "next_page"
cursor_parameter = "page"
has_more = "has_more"

[[pagination]]
strategy = "has_more"
items = "data"
has_more = "has_more"
cursor_parameter = "starting_after"
item_id = "id"

[[pagination]]
strategy = "next_cursor"
items = "items"
next_cursor = "next_cursor"
cursor_parameter = "cursor"
"#;

const SPEC: &str = r##"
openapi: 3.0.3
info: {title: Pages, version: "1"}
paths:
  /pets:
    get:
      operationId: pets/list
      parameters:
        - {name: starting_after, in: query, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/PetList"}}}}
  /pets/search:
    get:
      operationId: pets/search
      parameters:
        - {name: query, in: query, required: true, schema: {type: string}}
        - {name: page, in: query, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [data, has_more]
                properties:
                  data: {type: array, items: {$ref: "#/components/schemas/Pet"}}
                  has_more: {type: boolean}
                  next_page: {type: string, nullable: true}
  /toys/list:
    post:
      operationId: toys/list
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                cursor: {type: string}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  items: {type: array, items: {type: string}}
                  next_cursor: {type: string, nullable: true}
  # Each below lacks one thing a strategy needs.
  /cats:
    get:
      operationId: cats/list
      description: No cursor parameter.
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/PetList"}}}}
  /dogs:
    get:
      operationId: dogs/list
      description: No has-more flag.
      parameters:
        - {name: starting_after, in: query, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: array, items: {$ref: "#/components/schemas/Pet"}}
  /birds:
    get:
      operationId: birds/list
      description: A cursor that is not a string.
      parameters:
        - {name: starting_after, in: query, schema: {type: integer}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/PetList"}}}}
  /fish:
    get:
      operationId: fish/list
      description: Items that are not a list.
      parameters:
        - {name: starting_after, in: query, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {$ref: "#/components/schemas/Pet"}
                  has_more: {type: boolean}
  /owners/{starting_after}:
    get:
      operationId: owners/list
      description: The cursor is a path parameter.
      parameters:
        - {name: starting_after, in: path, required: true, schema: {type: string}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/PetList"}}}}
components:
  schemas:
    Pet:
      type: object
      required: [id]
      properties:
        id: {type: string}
    PetList:
      type: object
      required: [data, has_more]
      properties:
        data: {type: array, items: {$ref: "#/components/schemas/Pet"}}
        has_more: {type: boolean}
"##;

fn api(profile: &str) -> Api {
    lower_with(SPEC, profile).0
}

/// Each operation's display name, and how it pages (if it does).
fn paging(api: &Api) -> Vec<(String, Option<String>)> {
    (api.root.all_operations())
        .map(|op| {
            let how = op.paged_list().map(|list| {
                let cursor = match &list.cursor {
                    CursorField::Body { field, .. } => format!("body.{field}"),
                    CursorField::Builder { field, .. } => format!("builder.{field}"),
                    CursorField::Request => format!("request({})", list.cursor_setter),
                };
                format!(
                    "{cursor} {} {}",
                    reader(&list.reader),
                    crate::rust_text::type_ref(&list.item)
                )
            });
            (op.display_name.clone(), how)
        })
        .collect()
}

/// A reader in short: its kind and fields (`-` for the body itself).
fn reader(reader: &PageReader) -> String {
    let or_body = |items: &Option<String>| items.clone().unwrap_or_else(|| "-".to_owned());
    match reader {
        PageReader::Keyed => "keyed".to_owned(),
        PageReader::LastItem {
            items,
            more,
            item_id,
            ..
        } => format!("last {items} {more} {item_id}"),
        PageReader::NextCursor {
            items,
            next_cursor,
            more,
            ..
        } => format!("next {items} {next_cursor} {more:?}"),
        PageReader::Offset {
            items,
            parameter,
            limit,
            more,
            ..
        } => format!("offset {} {parameter} {limit:?} {more:?}", or_body(items)),
        PageReader::PageNumber {
            items,
            parameter,
            first,
            limit,
            total_pages,
            more,
            ..
        } => format!(
            "page {} {parameter} from {first} {limit:?} {total_pages:?} {more:?}",
            or_body(items)
        ),
        PageReader::LinkHeader { items, header, .. } => {
            format!("link {} {header}", or_body(items))
        }
        PageReader::NextUrl {
            items, next_url, ..
        } => format!("url {items} {next_url}"),
    }
}

#[test]
fn the_first_strategy_whose_fields_an_operation_has_applies() {
    let paging = paging(&api(PROFILE));
    let of = |name: &str| {
        let found = paging.iter().find(|(n, _)| n == name);
        found
            .unwrap_or_else(|| panic!("{name} in {paging:?}"))
            .1
            .clone()
    };
    assert_eq!(
        of("pets.list").as_deref(),
        Some("builder.starting_after last data has_more id Pet")
    );
    assert_eq!(
        of("pets.search").as_deref(),
        Some("builder.page next data next_page Some(\"has_more\") Pet")
    );
    assert_eq!(
        of("toys.list").as_deref(),
        Some("body.cursor next items next_cursor None String")
    );
    for name in [
        "cats.list",
        "dogs.list",
        "birds.list",
        "fish.list",
        "owners.list",
    ] {
        assert_eq!(of(name), None, "{name} pages");
    }
}

#[test]
fn without_strategies_nothing_pages() {
    let none = paging(&api("extends = \"generic\"\n"));
    assert!(none.iter().all(|(_, how)| how.is_none()), "{none:?}");
    // A strategy whose has-more flag the search lacks does not apply to it.
    let none = paging(&api(
        "[[pagination]]\nstrategy = \"next_cursor\"\nitems = \"data\"\nnext_cursor = \"next_page\"\ncursor_parameter = \"page\"\nhas_more = \"more\"\n",
    ));
    assert!(none.iter().all(|(_, how)| how.is_none()), "{none:?}");
}

/// Lists that page by numbers and URLs, and by what they declare.
const NUMBERED: &str = r##"
openapi: 3.0.3
info: {title: Pages, version: "1"}
paths:
  /shelters:
    get:
      operationId: shelters/list
      parameters:
        - {name: offset, in: query, schema: {type: integer}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  results: {type: array, items: {type: string}}
                  count: {type: integer}
  /vets:
    get:
      operationId: vets/list
      parameters:
        - {name: page, in: query, schema: {type: integer}}
        - {name: per_page, in: query, schema: {type: integer}}
      responses:
        "200":
          description: ok
          headers:
            link: {schema: {type: string}}
          content:
            application/json:
              schema: {type: array, items: {type: string}}
  /runs:
    get:
      operationId: runs/list
      responses:
        "200":
          description: ok
          headers:
            Link: {schema: {type: string}}
          content:
            application/json:
              schema:
                type: object
                properties:
                  total_count: {type: integer}
                  workflow_runs: {type: array, items: {type: string}}
  /jobs:
    get:
      operationId: jobs/list
      description: Two lists beside each other; neither is the page's.
      responses:
        "200":
          description: ok
          headers:
            Link: {schema: {type: string}}
          content:
            application/json:
              schema:
                type: object
                properties:
                  jobs: {type: array, items: {type: string}}
                  steps: {type: array, items: {type: string}}
  /walks:
    get:
      operationId: walks/list
      parameters:
        - {name: page, in: query, schema: {type: integer}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {type: integer}}
  /treats:
    get:
      operationId: treats/list
      parameters:
        - {name: page, in: query, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  results: {type: array, items: {type: string}}
                  next: {type: string, nullable: true}
  /declared/speakeasy:
    get:
      operationId: declared/speakeasy
      x-speakeasy-pagination:
        type: offsetLimit
        inputs:
          - {name: skip, in: parameters, type: offset}
          - {name: take, in: parameters, type: limit}
        outputs: {results: $.items}
      parameters:
        - {name: skip, in: query, schema: {type: integer}}
        - {name: take, in: query, schema: {type: integer}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  items: {type: array, items: {type: string}}
  /declared/fern:
    get:
      operationId: declared/fern
      x-fern-pagination: {cursor: $request.after, next_cursor: $response.next, results: $response.data}
      parameters:
        - {name: after, in: query, schema: {type: string}}
        - {name: page, in: query, schema: {type: integer}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: array, items: {type: string}}
                  next: {type: string}
  /declared/misfit:
    get:
      operationId: declared/misfit
      x-fern-pagination: {cursor: $request.after, next_cursor: $response.next, results: $response.data}
      parameters:
        - {name: page, in: query, schema: {type: integer}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {type: string}}
"##;

const NUMBERED_PROFILE: &str = r#"
[[pagination]]
strategy = "link_header"

[[pagination]]
strategy = "offset"
offset_parameter = "offset"
items = "results"
limit_parameter = "limit"

[[pagination]]
strategy = "next_url"
items = "results"
next_url = "next"

[[pagination]]
strategy = "page_number"
page_parameter = "page"
limit_parameter = "per_page"
first_page = 0
"#;

#[test]
fn numbers_links_and_urls_page_by_the_first_strategy_that_fits() {
    let (api, diagnostics) = lower_with(NUMBERED, NUMBERED_PROFILE);
    let paging = paging(&api);
    let of = |name: &str| {
        let found = paging.iter().find(|(n, _)| n == name);
        found
            .unwrap_or_else(|| panic!("{name} in {paging:?}"))
            .1
            .clone()
    };
    assert_eq!(
        of("shelters.list").as_deref(),
        Some("request(offset) offset results offset Some(\"limit\") None String")
    );
    // Declares `Link`, in any case: the link header comes first.
    assert_eq!(
        of("vets.list").as_deref(),
        Some("request() link - Link String")
    );
    // An object with one list: that list is the page's.
    assert_eq!(
        of("runs.list").as_deref(),
        Some("request() link workflow_runs Link String")
    );
    assert_eq!(of("jobs.list"), None);
    // No limit parameter: a page is full until one is empty.
    assert_eq!(
        of("walks.list").as_deref(),
        Some("request(page) page - page from 0 None None None i64")
    );
    // A string `page` is no page number; `next` is a URL.
    assert_eq!(
        of("treats.list").as_deref(),
        Some("request() url results next String")
    );
    // What the document declares wins over the profile's strategies.
    assert_eq!(
        of("declared.speakeasy").as_deref(),
        Some("request(skip) offset items skip Some(\"take\") None String")
    );
    assert_eq!(
        of("declared.fern").as_deref(),
        Some("builder.after next data next None String")
    );
    // Declared but not fitting: reported, and not paged by a profile strategy either.
    assert_eq!(of("declared.misfit"), None);
    let warnings: Vec<String> = diagnostics.warnings().map(|d| d.to_string()).collect();
    assert!(
        warnings.iter().any(
            |w| w.contains("/paths/~1declared~1misfit/get/x-fern-pagination")
                && w.contains("does not fit")
        ),
        "{warnings:?}"
    );
}
