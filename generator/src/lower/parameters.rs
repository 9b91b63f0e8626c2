//! An operation's path, query and header parameters: `$ref`s resolved, the
//! path-level ones merged with the operation's own, each placed with its
//! serialization style, and the path template checked against them. What cannot
//! be sent correctly skips the operation (a required parameter) or is dropped
//! (an optional one), each with a warning that says so.

use super::operations::OperationSite;
use crate::diagnostics::Pointer;
use crate::lower::{Found, Lowerer};
use crate::model::{ParamLocation, QueryStyle};
use crate::names;
use indexmap::IndexMap;
use openapiv3::ReferenceOr;

use openapiv3::{
    Parameter, ParameterData, ParameterSchemaOrContent, PathStyle, QueryStyle as SpecQueryStyle,
};

/// Headers OpenAPI says a parameter never describes (they come from
/// `requestBody`, `responses` and `securitySchemes`).
const IGNORED_HEADERS: &[&str] = &["accept", "content-type", "authorization"];

/// A parameter outside the parameter struct, ready to become a [`Param`].
pub(in crate::lower) struct WireParameter<'s> {
    pub(in crate::lower) data: &'s ParameterData,
    pub(in crate::lower) location: ParamLocation,
    pub(in crate::lower) pointer: Pointer,
}

impl<'s> Lowerer<'s, '_> {
    /// The parameters of an operation, path-level ones first and overridden by
    /// the operation's own of the same name and location. `None` when one that
    /// is required cannot be sent: the operation is skipped (already reported).
    pub(in crate::lower) fn wire_parameters(
        &mut self,
        site: &OperationSite<'_, 's>,
        display_name: &str,
    ) -> Option<Vec<WireParameter<'s>>> {
        let path_pointer = Pointer::root().join("paths").join(site.path);
        let declared = site
            .path_parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (p, path_pointer.join("parameters").join(i.to_string())))
            .chain(
                site.operation
                    .parameters
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (p, site.pointer.join("parameters").join(i.to_string()))),
            );
        let mut by_key: IndexMap<(&'static str, String), WireParameter<'s>> = IndexMap::new();
        let mut complete = true;
        for (declared, at) in declared {
            let Some(parameter) = self.parameter(declared, &at, display_name) else {
                continue;
            };
            // A problem is shown at the field at fault when the parameter is written
            // here; one from a `$ref` is shown at the `$ref`, per operation.
            let inline = matches!(declared, ReferenceOr::Item(_));
            let field = |name: &str| if inline { at.join(name) } else { at.clone() };
            let data = parameter.parameter_data_ref();
            let location = match self.location(parameter, &field, display_name) {
                Ok(Some(location)) => location,
                Ok(None) => continue,
                Err(()) => {
                    complete = false;
                    continue;
                }
            };
            if let ParameterSchemaOrContent::Content(_) = &data.format {
                let what = format!("the {} parameter `{}`", location_word(location), data.name);
                let help = "describe the parameter with `schema`, not `content`";
                if !self.cannot_send(&field("content"), display_name, data.required, &what, help) {
                    complete = false;
                }
                continue;
            }
            // Header names are case-insensitive; other names are not.
            let name = match location {
                ParamLocation::Header { .. } => data.name.to_ascii_lowercase(),
                _ => data.name.clone(),
            };
            let key = (location_word(location), name);
            by_key.insert(
                key,
                WireParameter {
                    data,
                    location,
                    pointer: at,
                },
            );
        }
        // Every `{name}` of the template needs a path parameter, and the reverse.
        let template: Vec<&str> = template_names(site.path);
        for name in &template {
            let found = by_key
                .values()
                .any(|p| matches!(p.location, ParamLocation::Path { .. }) && p.data.name == *name);
            if !found {
                self.diags
                    .warning(site.pointer, format!("the operation is skipped: its path names `{{{name}}}` but no path parameter declares it"))
                    .operation(display_name.to_owned())
                    .help("declare the parameter with `in: path`");
                complete = false;
            }
        }
        let unused: Vec<Pointer> = by_key
            .values()
            .filter(|p| {
                matches!(p.location, ParamLocation::Path { .. })
                    && !template.contains(&p.data.name.as_str())
            })
            .map(|p| p.pointer.clone())
            .collect();
        for at in &unused {
            self.diags
                .warning(
                    at,
                    "the path parameter is never sent: the path template does not name it",
                )
                .operation(display_name.to_owned())
                .help("name it in the path as `{name}`, or remove it");
        }
        by_key.retain(|_, p| !unused.contains(&p.pointer));
        complete.then(|| by_key.into_values().collect())
    }

    /// A parameter or the component one its `$ref` names.
    fn parameter(
        &mut self,
        parameter: &'s ReferenceOr<Parameter>,
        at: &Pointer,
        display_name: &str,
    ) -> Option<&'s Parameter> {
        match parameter {
            ReferenceOr::Item(p) => Some(p),
            ReferenceOr::Reference { reference } => self
                .follow_item(
                    reference,
                    at,
                    Some(display_name),
                    "parameter",
                    |found| match found {
                        Found::Parameter(parameter) => Some(parameter),
                        _ => None,
                    },
                )
                .map(|(parameter, _, _)| parameter),
        }
    }

    /// Where a parameter travels: `Ok(None)` when it is dropped (an optional one
    /// that cannot be sent, or a header OpenAPI says to ignore), `Err` when the
    /// operation cannot be called without it. `field` is where a field of the
    /// parameter stands, for the warnings.
    fn location(
        &mut self,
        parameter: &Parameter,
        field: &dyn Fn(&str) -> Pointer,
        display_name: &str,
    ) -> Result<Option<ParamLocation>, ()> {
        let data = parameter.parameter_data_ref();
        let name = &data.name;
        let refuse = |lowerer: &mut Self, at: Pointer, what: String, help: &str| {
            if lowerer.cannot_send(&at, display_name, data.required, &what, help) {
                Ok(None)
            } else {
                Err(())
            }
        };
        match parameter {
            Parameter::Path { style, .. } => match style {
                PathStyle::Simple => Ok(Some(ParamLocation::Path {
                    explode: data.explode.unwrap_or(false),
                })),
                PathStyle::Label | PathStyle::Matrix => {
                    // A path parameter is always required.
                    self.cannot_send(
                        &field("style"),
                        display_name,
                        true,
                        &format!("the path parameter `{name}` (label and matrix styles)"),
                        "use the simple style",
                    );
                    Err(())
                }
            },
            Parameter::Query { style, .. } => {
                let explode = data
                    .explode
                    .unwrap_or(matches!(style, SpecQueryStyle::Form));
                Ok(Some(ParamLocation::Query(match style {
                    SpecQueryStyle::Form => QueryStyle::Form { explode },
                    SpecQueryStyle::SpaceDelimited => QueryStyle::SpaceDelimited,
                    SpecQueryStyle::PipeDelimited => QueryStyle::PipeDelimited,
                    SpecQueryStyle::DeepObject => QueryStyle::DeepObject,
                })))
            }
            Parameter::Header { .. } => {
                let lower = name.to_ascii_lowercase();
                if IGNORED_HEADERS.contains(&lower.as_str()) {
                    return Ok(None);
                }
                if !names::is_http_token(name) {
                    return refuse(
                        self,
                        field("name"),
                        format!("the header parameter `{name}`, which is not a valid header name"),
                        "use a header name made of letters, digits and !#$%&'*+-.^_`|~",
                    );
                }
                Ok(Some(ParamLocation::Header {
                    explode: data.explode.unwrap_or(false),
                }))
            }
            Parameter::Cookie { .. } => refuse(
                self,
                field("in"),
                format!("the cookie parameter `{name}`"),
                "cookie parameters are not supported",
            ),
        }
    }

    /// Reports a parameter that cannot be sent: dropped with a warning when it
    /// is optional (returns true), the operation skipped when it is required.
    fn cannot_send(
        &mut self,
        at: &Pointer,
        display_name: &str,
        required: bool,
        what: &str,
        help: &str,
    ) -> bool {
        let message = if required {
            format!("the operation is skipped: it needs {what}, which cannot be sent")
        } else {
            format!("{what} is never sent: it cannot be")
        };
        self.diags
            .warning(at, message)
            .operation(display_name.to_owned())
            .help(help.to_owned());
        !required
    }
}

/// The `{name}`s of a path template, in order.
pub(in crate::lower) fn template_names(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

pub(in crate::lower) fn location_word(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Struct => "body",
        ParamLocation::Path { .. } => "path",
        ParamLocation::Query(_) => "query",
        ParamLocation::Header { .. } => "header",
        ParamLocation::Body(_) => "body",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_names_are_read_in_order() {
        assert_eq!(
            template_names("/repos/{owner}/{repo}/git/{ref}"),
            vec!["owner", "repo", "ref"]
        );
        assert!(template_names("/acs/credentials/get").is_empty());
    }

    #[test]
    fn header_names_are_tokens() {
        assert!(names::is_http_token("X-GitHub-Api-Version"));
        assert!(!names::is_http_token("bad header"));
        assert!(!names::is_http_token("a\r\nb"));
        assert!(!names::is_http_token(""));
    }
}
