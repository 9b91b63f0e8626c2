//! Spec prose as Rust text: doc comment lines rustdoc reads as plain prose (no
//! doctests, intra-doc links, raw HTML or bare URLs), the same lines as plain text for
//! a terminal, and string literals.

/// A Rust string literal whose value is exactly `value`.
pub fn rust_string_literal(value: &str) -> String {
    proc_macro2::Literal::string(value).to_string()
}

/// Splits a description into doc comment lines that rustdoc reads as plain prose:
/// no doctests from code fences or indentation, no intra-doc links, no raw HTML, no
/// bare URLs (each is a rustdoc warning or a compiled doctest).
pub fn doc_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut in_fence = false;
    // Control characters (NUL, escape, carriage return) are shown escaped, never raw.
    let text: String = text
        .chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect();
    // The content width of the list item the previous line belongs to, if any.
    let mut list_item: Option<usize> = None;
    for raw_line in text.lines() {
        let trimmed = raw_line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            // Every fence becomes a `text` block so rustdoc never compiles it.
            lines.push(if in_fence {
                "```".to_owned()
            } else {
                "```text".to_owned()
            });
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            lines.push(raw_line.replace('\t', "    ").trim_end().to_owned());
        } else {
            // Up to three spaces of indentation keep list items' continuation lines in
            // their item; four would start a code block, which rustdoc compiles.
            let indent = raw_line.replace('\t', "    ").len()
                - raw_line.trim_start().replace('\t', "    ").len();
            let indent = if trimmed.is_empty() { 0 } else { indent.min(3) };
            let marker = list_marker_width(trimmed);
            match (list_item, marker) {
                (_, Some(width)) => list_item = Some(indent + width),
                // A line under a list item, not indented to its content, would
                // continue the item lazily: it is a paragraph of its own.
                (Some(content), None) if !trimmed.is_empty() && indent < content => {
                    lines.push(String::new());
                    list_item = None;
                }
                (_, None) if trimmed.is_empty() => list_item = None,
                _ => {}
            }
            lines.push(format!(
                "{}{}",
                " ".repeat(indent),
                escape_markdown(&trimmed.replace('\t', "    "))
            ));
        }
    }
    if in_fence {
        lines.push("```".to_owned());
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    while lines.first().is_some_and(|l| l.is_empty()) {
        lines.remove(0);
    }
    lines
}

/// The width of a list item's marker with its space (`- `, `12. `), if the
/// line starts one.
fn list_marker_width(line: &str) -> Option<usize> {
    if ["- ", "* ", "+ "].iter().any(|m| line.starts_with(m)) {
        return Some(2);
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &line[digits..];
    (digits > 0 && digits < 10 && (rest.starts_with(". ") || rest.starts_with(") ")))
        .then_some(digits + 2)
}

/// Escapes what rustdoc would treat as links or HTML, and wraps bare URLs.
fn escape_markdown(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    // Inside `code spans` nothing is markup, so nothing is escaped.
    let mut in_code = false;
    while !rest.is_empty() {
        let c = rest.chars().next().expect("rest is not empty");
        if c == '`' {
            in_code = !in_code && rest[1..].contains('`');
            out.push(c);
            rest = &rest[1..];
            continue;
        }
        if in_code {
            out.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        if let Some(url_len) = bare_url_len(rest) {
            out.push('<');
            out.push_str(&rest[..url_len]);
            out.push('>');
            rest = &rest[url_len..];
            continue;
        }
        match c {
            // Brackets would be read as intra-doc links, angle brackets as HTML tags.
            '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Doc lines (from [`doc_lines`]) as plain text for a terminal: rustdoc's
/// escapes undone (`\\[`, `&lt;`, `<https://...>`), fences without their
/// `text` tag.
pub fn plain_lines(doc_lines: &[String]) -> Vec<String> {
    doc_lines
        .iter()
        .map(|line| {
            if line.trim() == "```text" {
                return line.replace("```text", "```");
            }
            let mut out = String::with_capacity(line.len());
            let mut rest = line.as_str();
            while let Some(c) = rest.chars().next() {
                if let Some(url_len) = rest.strip_prefix('<').and_then(bare_url_len) {
                    if rest[1 + url_len..].starts_with('>') {
                        out.push_str(&rest[1..1 + url_len]);
                        rest = &rest[2 + url_len..];
                        continue;
                    }
                }
                let (text, len) = match rest {
                    _ if rest.starts_with("\\[") => ("[", 2),
                    _ if rest.starts_with("\\]") => ("]", 2),
                    _ if rest.starts_with("&lt;") => ("<", 4),
                    _ if rest.starts_with("&gt;") => (">", 4),
                    _ => {
                        out.push(c);
                        rest = &rest[c.len_utf8()..];
                        continue;
                    }
                };
                out.push_str(text);
                rest = &rest[len..];
            }
            out
        })
        .collect()
}

/// Length of a bare `http(s)://` URL at the start of `text`, if there is one.
fn bare_url_len(text: &str) -> Option<usize> {
    if !(text.starts_with("http://") || text.starts_with("https://")) {
        return None;
    }
    let len = text
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | ')' | ']'))
        .unwrap_or(text.len());
    // A sentence's final period or comma is not part of the URL.
    let trimmed = text[..len].trim_end_matches(['.', ',', ';', ':']);
    (trimmed.len() > "https://".len()).then_some(trimmed.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_under_a_list_item_is_its_own_paragraph_and_tabs_are_spaces() {
        // GitHub's descriptions: what clippy's doc_lazy_continuation and
        // tabs_in_doc_comments would refuse.
        let lines =
            doc_lines("* `closed` - only members\nDefault: `secret`\n|\ta\t|\n- one\n  two");
        assert_eq!(
            lines,
            [
                "* `closed` - only members",
                "",
                "Default: `secret`",
                "|    a    |",
                "- one",
                "  two"
            ]
        );
        assert_eq!(doc_lines("1. first\n   more"), ["1. first", "   more"]);
    }

    #[test]
    fn docs_are_prose() {
        let lines = doc_lines(
            "See [this](x) at https://seam.co/docs.\n\n    indented\n```js\nfoo()\n```\n<b>*/</b>",
        );
        assert_eq!(
            lines,
            vec![
                "See \\[this\\](x) at <https://seam.co/docs>.",
                "",
                "   indented",
                "```text",
                "foo()",
                "```",
                "&lt;b&gt;*/&lt;/b&gt;",
            ]
        );
    }

    #[test]
    fn code_spans_are_left_alone() {
        assert_eq!(
            doc_lines("Defaults to `[]` not [x]."),
            ["Defaults to `[]` not \\[x\\]."]
        );
        assert_eq!(doc_lines("a lone ` [x]"), ["a lone ` \\[x\\]"]);
        assert_eq!(doc_lines("nul\u{0}here"), ["nul\\u{0}here"]);
    }

    #[test]
    fn literals_escape() {
        assert_eq!(rust_string_literal("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
    }

    #[test]
    fn help_text_is_plain() {
        let lines =
            doc_lines("See [this](x) at https://seam.co/docs, `<b>` and <b>.\n```js\nfoo()\n```");
        assert_eq!(
            plain_lines(&lines),
            vec![
                "See [this](x) at https://seam.co/docs, `<b>` and <b>.",
                "```",
                "foo()",
                "```",
            ]
        );
    }
}
