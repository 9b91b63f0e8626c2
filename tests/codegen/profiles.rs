//! Profiles as files a user writes: the README's example is a working profile,
//! a file beside the spec is found, and a mistake in one is refused naming the
//! file and the key.

use crate::support::root;
use seam_codegen::profile::Choice;

const SPEC: &str = r#"
openapi: 3.0.3
info: {title: Pet Store, version: "2024-06-01"}
servers: [{url: "https://pets.example.com"}]
components:
  securitySchemes:
    bearerAuth: {type: http, scheme: bearer}
security: [{bearerAuth: []}]
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: array, items: {type: string}}}}}
"#;

/// The first ```toml block of the README.
fn readme_profile() -> String {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let start = readme
        .find("```toml\n")
        .expect("a TOML example in the README")
        + 8;
    let end = start + readme[start..].find("```").expect("the example's end");
    readme[start..end].to_owned()
}

/// A spec in a fresh folder with `profile` beside it under `profile_file`.
fn spec_beside(name: &str, profile_file: &str, profile: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("profiles-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let spec = dir.join("pets.yaml");
    std::fs::write(&spec, SPEC).expect("the spec is written");
    std::fs::write(dir.join(profile_file), profile).expect("the profile is written");
    spec
}

fn file<'g>(generated: &'g seam_codegen::Generated, path: &str) -> &'g str {
    let file = generated.files.iter().find(|f| f.path == path);
    &file
        .unwrap_or_else(|| panic!("{path} is generated"))
        .contents
}

#[test]
fn the_readme_example_is_a_working_profile() {
    let spec = spec_beside("readme", "pets.profile.toml", &readme_profile());
    let options = seam_codegen::Options {
        profile: Choice::for_spec(&spec).expect("the profile beside the spec"),
        ..Default::default()
    };
    let generated = seam_codegen::generate_file(&spec, &options).expect("it generates");
    let conventions = file(&generated, "src/conventions.rs");
    assert!(
        conventions.contains("pub struct Pets {"),
        "the client is `Pets`"
    );
    assert!(conventions.contains("pub struct PetsBuilder<M = crate::mode::Async> {"));
    // Header names are sent in lower case, as HTTP/2 requires.
    assert!(conventions.contains(r#"("pets-version", "2024-06-01")"#));
    assert!(conventions.contains(r#"Some("PETS_API_KEY")"#));
    assert!(file(&generated, "Cargo.toml").contains("name = \"pets\""));
}

#[test]
fn a_dot_profile_file_may_hold_a_whole_profile() {
    let spec = spec_beside("dot", "pets.profile", "client_name = \"Kennel\"\n");
    let choice = Choice::for_spec(&spec).expect("the profile beside the spec");
    let generated = seam_codegen::generate_file(
        &spec,
        &seam_codegen::Options {
            profile: choice,
            ..Default::default()
        },
    )
    .expect("it generates");
    assert!(file(&generated, "src/conventions.rs").contains("pub struct Kennel {"));
}

#[test]
fn a_mistake_is_refused_naming_the_file_and_the_key() {
    for (profile, key, problem) in [
        ("[naming]\nstrategy = \"guess\"\n", "`naming.strategy`", "unknown variant `guess`"),
        ("[[credentials]]\nsetter = \"key\"\nnoun = \"a key\"\ndoc = \"A key.\"\nplacement = \"bearer\"\nscheme = [\"x\"]\n", "`credentials[0].scheme`", "unknown field `scheme`"),
        ("extends = \"nobody\"\n", "`extends`", "unknown profile `nobody`"),
        ("client_name = 3\n", "`client_name`", "invalid type"),
    ] {
        let spec = spec_beside("mistake", "pets.profile.toml", profile);
        let choice = Choice::for_spec(&spec).expect("a readable profile");
        let options = seam_codegen::Options {
            profile: choice,
            ..Default::default()
        };
        let error = seam_codegen::generate_file(&spec, &options)
            .err()
            .unwrap_or_else(|| panic!("{profile:?} should be refused"))
            .to_string();
        assert!(error.contains("pets.profile.toml: "), "{error}");
        assert!(error.contains(key), "{error}");
        assert!(error.contains(problem), "{error}");
    }
}
