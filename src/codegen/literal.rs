//! String and number literals for the generated programs.
//!
//! Text from the page (topic names, actor names, payload patterns) reaches a program only
//! through [`go_quote`] or [`rust_quote`], so whatever it holds stays data: a quote or a
//! backslash is escaped, a line break cannot end the literal, and invisible characters such
//! as a right-to-left override are written as escapes a reader can see.

use std::fmt::Write;

/// `text` as a Go interpreted string literal, written as Go's `strconv.Quote` writes it:
/// `\"` and `\\`, the named escapes `\a \b \f \n \r \t \v`, `\xNN` for the other ASCII
/// controls, `\uNNNN` or `\UNNNNNNNN` for any other character that is not printable, and
/// every printable character as itself.
///
/// ```
/// use mini_kafka_playground::codegen::go_quote;
///
/// assert_eq!(go_quote(r#"<b>"hi"</b>\"#), r#""<b>\"hi\"</b>\\""#);
/// assert_eq!(go_quote("a\tb\u{7}\u{1}"), r#""a\tb\a\x01""#);
/// assert_eq!(go_quote("caf\u{e9} \u{202e}"), r#""café \u202e""#);
/// ```
pub fn go_quote(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\u{7}' => quoted.push_str("\\a"),
            '\u{8}' => quoted.push_str("\\b"),
            '\u{c}' => quoted.push_str("\\f"),
            '\n' => quoted.push_str("\\n"),
            '\r' => quoted.push_str("\\r"),
            '\t' => quoted.push_str("\\t"),
            '\u{b}' => quoted.push_str("\\v"),
            ' ' => quoted.push(' '),
            c if c < ' ' || c == '\u{7f}' => {
                let _ = write!(quoted, "\\x{:02x}", u32::from(c));
            }
            c if c.is_ascii() || is_printable(c) => quoted.push(c),
            c if u32::from(c) < 0x1_0000 => {
                let _ = write!(quoted, "\\u{:04x}", u32::from(c));
            }
            c => {
                let _ = write!(quoted, "\\U{:08x}", u32::from(c));
            }
        }
    }
    quoted.push('"');
    quoted
}

/// `text` as a Rust string literal: Rust's own `Debug` escaping, which writes `\"`, `\\`,
/// `\n`, `\r`, `\t`, `\0` and `\u{…}` for every character that is not printable.
///
/// ```
/// use mini_kafka_playground::codegen::rust_quote;
///
/// assert_eq!(rust_quote(r#"<b>"hi"</b>\"#), r#""<b>\"hi\"</b>\\""#);
/// assert_eq!(rust_quote("a\tb\u{7}"), r#""a\tb\u{7}""#);
/// assert_eq!(rust_quote("caf\u{e9} \u{202e}"), r#""café \u{202e}""#);
/// ```
pub fn rust_quote(text: &str) -> String {
    format!("{text:?}")
}

/// Whether Go's `unicode.IsPrint` holds for `c`: a letter, mark, number, punctuation or
/// symbol. Rust's `Debug` escaping leaves exactly those as they are (it escapes controls,
/// format characters, separators other than the ASCII space, surrogates, private-use and
/// unassigned code points), so its verdict is Go's, from the same Unicode tables. It escapes
/// a combining mark only at the very start of a string, hence the letter before `c`.
fn is_printable(c: char) -> bool {
    let probe: String = ['a', c].into_iter().collect();
    probe.escape_debug().count() == 2
}
