//! Every text the user reads, as a message with an id and typed parameters (`msg::…`, declared
//! once in `messages.rs` with its English), rendered in the locale chosen now.
//!
//! English is compiled in; another locale's catalogue (`locales/zh-CN.json`: the same ids in
//! the same order, each with its text) is loaded by the browser only when chosen and handed
//! to [`set_catalogue`]. A template names its parameters `{name}`; `{n|one|other}` picks
//! English's singular or plural by `n` (Chinese has no plural and writes `{n}`). Ids,
//! parameters and their types are checked by the compiler; that both catalogues have the
//! same ids and placeholders is checked by `tests/i18n.rs`.
//!
//! Pure like the rest of the crate: the catalogue in use is a thread-local value the browser
//! sets, and every lookup calls a hook the browser installs, so a view that renders a
//! message re-renders when the locale changes.

mod labels;
mod messages;
mod rules;

use std::cell::{Cell, RefCell};

pub use labels::review_label;
pub use messages::msg;
pub use rules::{
    code_message, error_message, name_hint, password_checklist_item, password_needs, protected,
    violation,
};

/// The locales the console speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Locale {
    #[default]
    En,
    ZhCn,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::En, Locale::ZhCn];

    /// The BCP 47 tag (`lang` attributes, `Intl`, `?lang=`).
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::ZhCn => "zh-CN",
        }
    }

    /// The locale a language tag asks for: `zh`, `zh-CN`, `zh-Hans…` are Chinese, `en…`
    /// English; `None` for any other (the next preference decides).
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let tag = tag.trim().to_ascii_lowercase().replace('_', "-");
        let primary = tag.split('-').next().unwrap_or_default();
        match primary {
            "en" => Some(Locale::En),
            // Traditional Chinese (zh-TW, zh-Hant) is another script: not offered as Simplified.
            "zh" if !(tag.contains("hant") || tag.ends_with("-tw") || tag.ends_with("-hk")) => {
                Some(Locale::ZhCn)
            }
            _ => None,
        }
    }

    /// The first of the given preferences (most important first) that names a locale.
    pub fn choose<'a>(preferences: impl IntoIterator<Item = &'a str>) -> Locale {
        preferences
            .into_iter()
            .find_map(Locale::from_tag)
            .unwrap_or_default()
    }
}

/// A locale's texts: the messages in `Id::ALL`'s order, and the explanations of the API's and
/// the proxy's error codes by code.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Catalogue {
    pub texts: Vec<String>,
    /// (code, text); a few dozen, looked up by code.
    pub codes: Vec<(String, String)>,
}

thread_local! {
    static CATALOGUE: RefCell<Option<(Locale, Catalogue)>> = const { RefCell::new(None) };
    static HOOK: Cell<Option<fn()>> = const { Cell::new(None) };
}

/// Uses `catalogue` for `locale` (English needs none: `None`). A catalogue of the wrong
/// length is refused (it belongs to another release), and English stays.
pub fn set_catalogue(locale: Locale, catalogue: Option<Catalogue>) -> Result<(), usize> {
    let chosen = match catalogue {
        Some(catalogue) if locale != Locale::En => {
            if catalogue.texts.len() != Id::COUNT {
                return Err(catalogue.texts.len());
            }
            Some((locale, catalogue))
        }
        _ => None,
    };
    CATALOGUE.with(|c| *c.borrow_mut() = chosen);
    Ok(())
}

/// The locale messages are rendered in now.
pub fn locale() -> Locale {
    CATALOGUE.with(|c| c.borrow().as_ref().map_or(Locale::En, |(l, _)| *l))
}

/// Called on every lookup (the browser subscribes the running view to the locale).
pub fn set_hook(hook: fn()) {
    HOOK.with(|h| h.set(Some(hook)));
}

/// A message's number in the catalogues and its English. `Id::PageOf` names the message
/// `msg::PageOf`; a view's fixed words are `Id`s (`tr(Id::Instances)`). One pointer, so a
/// fixed word costs four bytes in a view's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Id(&'static Entry);

/// What an [`Id`] points at.
#[derive(Debug, PartialEq, Eq)]
pub struct Entry {
    index: u16,
    english: &'static str,
}

impl Id {
    /// Its position in a catalogue.
    pub fn index(self) -> usize {
        self.0.index as usize
    }

    /// Its English template.
    pub fn english(self) -> &'static str {
        self.0.english
    }
}

/// A message's values, handed over in their declared order (one call through `dyn`, so
/// rendering is one function for all messages).
pub trait Values {
    fn values(&self, with: &mut dyn FnMut(&[&dyn std::fmt::Display]));
}

/// A message: its id and its parameters' names (declared by `declare_messages!`).
pub trait Message: Values {
    const ID: Id;
    const PARAMS: &'static [&'static str];
}

/// A message without parameters in the locale in use (what a view's fixed words are).
pub fn word(id: Id) -> String {
    if let Some(hook) = HOOK.with(Cell::get) {
        hook();
    }
    CATALOGUE.with(|c| match c.borrow().as_ref() {
        Some((_, catalogue)) => catalogue.texts[id.index()].clone(),
        None => id.english().to_owned(),
    })
}

/// The message in the locale in use.
#[inline]
pub fn text<M: Message>(msg: M) -> String {
    render(M::ID, M::PARAMS, &msg)
}

fn render(id: Id, names: &[&str], msg: &dyn Values) -> String {
    if let Some(hook) = HOOK.with(Cell::get) {
        hook();
    }
    let mut out = String::new();
    msg.values(&mut |values| {
        CATALOGUE.with(|c| {
            out = match c.borrow().as_ref() {
                Some((_, catalogue)) => format(&catalogue.texts[id.index()], names, values),
                None => format(id.english(), names, values),
            };
        })
    });
    out
}

/// An error code's explanation in the locale in use, when its catalogue has one (English's
/// is the contract's `ErrorCode::message`).
pub(crate) fn code_text(code: &zec_api::ErrorCode) -> Option<String> {
    if let Some(hook) = HOOK.with(Cell::get) {
        hook();
    }
    CATALOGUE.with(|c| {
        c.borrow().as_ref().and_then(|(_, catalogue)| {
            let code = code.as_str();
            catalogue
                .codes
                .iter()
                .find(|(c, _)| c == code)
                .map(|(_, text)| text.clone())
        })
    })
}

/// Fills a template's `{name}` and `{name|one|other}` with the values of the parameters
/// `names` (in the same order).
pub fn format(template: &str, names: &[&str], values: &[&dyn std::fmt::Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let inside = &rest[open + 1..open + close];
        let mut parts = inside.split('|');
        let name = parts.next().unwrap_or_default();
        let value = names
            .iter()
            .position(|n| *n == name)
            .and_then(|i| values.get(i))
            .map(|value| value.to_string())
            .unwrap_or_default();
        match (parts.next(), parts.next()) {
            (Some(one), Some(other)) => out.push_str(if value == "1" { one } else { other }),
            _ => out.push_str(&value),
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// The parameter names a template uses, sorted, each once (the catalogues' parity test).
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut names: Vec<&str> = template
        .split('{')
        .skip(1)
        .filter_map(|part| part.split('}').next())
        .map(|inside| inside.split('|').next().unwrap_or_default())
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// Declares the messages: `Name { param: Type, … } = "English {param}";`. Each message is a
/// type of its own in [`msg`] (its parameters are the struct's fields, so the compiler checks
/// them at every call site) with an [`Id`] constant of the same name. Nothing enumerates the
/// messages at run time: rendering one is code at its call site, and its English sits with
/// that code, so the wasm split puts each view's words in the part that shows them.
macro_rules! declare_messages {
    ($( $(#[$doc:meta])* $id:ident $({ $($p:ident : $t:ty),* $(,)? })? = $en:literal; )*) => {
        /// Every message as a type: `msg::PageOf { page, pages, count }` is the message
        /// with its values, rendered by [`text`](super::text).
        pub mod msg {
            $( $crate::i18n::message_struct!($(#[$doc])* $id $({ $($p: $t),* })?); )*
        }

        /// The messages' numbers: a catalogue holds the texts in this order.
        #[allow(dead_code)]
        #[repr(u16)]
        enum Index { $($id),* }

        #[allow(non_upper_case_globals)]
        impl Id {
            $( pub const $id: Id = Id(&super::Entry { index: Index::$id as u16, english: $en }); )*

            /// Every message in the catalogues' order (the tests' view of the table).
            pub const ALL: &'static [Id] = &[$(Id::$id),*];
            pub const COUNT: usize = Id::ALL.len();
            pub const NAMES: &'static [&'static str] = &[$(stringify!($id)),*];
        }

        $(
            impl $crate::i18n::Values for msg::$id {
                #[allow(unused_variables)]
                fn values(&self, with: &mut dyn FnMut(&[&dyn std::fmt::Display])) {
                    let msg::$id $({ $($p),* })? = self;
                    with(&[$($( $p as &dyn std::fmt::Display ),*)?])
                }
            }

            impl $crate::i18n::Message for msg::$id {
                const ID: Id = Id::$id;
                const PARAMS: &'static [&'static str] = &[$($( stringify!($p) ),*)?];
            }
        )*
    };
}
pub(crate) use declare_messages;

/// One message's type: a unit struct, or a struct whose public fields are its parameters.
macro_rules! message_struct {
    ($(#[$doc:meta])* $id:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq)]
        pub struct $id;
    };
    ($(#[$doc:meta])* $id:ident { $($p:ident : $t:ty),* }) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq)]
        pub struct $id { $(pub $p: $t),* }
    };
}
pub(crate) use message_struct;
