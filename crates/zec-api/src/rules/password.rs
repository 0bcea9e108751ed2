//! The password rules: 8–16 characters of letters, digits and the listed specials, with a
//! lower-case letter, an upper-case letter, a digit and a special character; and a generator
//! that always satisfies them.

use crate::violation::Violation;

pub const PASSWORD_MIN_CHARS: usize = 8;
pub const PASSWORD_MAX_CHARS: usize = 16;
/// The special characters a password may contain (docs/wire.md, "Limits").
pub const PASSWORD_SPECIALS: &str = "`~!@$^*-_=+";

/// One rule of the password, so a form can tick them as the user types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PasswordRule {
    Length,
    /// Only letters, digits and `PASSWORD_SPECIALS`.
    Characters,
    Lower,
    Upper,
    Digit,
    Special,
}

impl PasswordRule {
    /// Every rule, in the order a checklist shows them.
    pub const ALL: [PasswordRule; 6] = [
        PasswordRule::Length,
        PasswordRule::Characters,
        PasswordRule::Lower,
        PasswordRule::Upper,
        PasswordRule::Digit,
        PasswordRule::Special,
    ];
}

fn is_password_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || PASSWORD_SPECIALS.contains(c)
}

/// Each password rule on its own, for a checklist that ticks as the user types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PasswordChecklist {
    pub length_ok: bool,
    pub charset_ok: bool,
    pub has_lower: bool,
    pub has_upper: bool,
    pub has_digit: bool,
    pub has_special: bool,
}

impl PasswordChecklist {
    pub fn of(password: &str) -> Self {
        let chars = password.chars().count();
        PasswordChecklist {
            length_ok: (PASSWORD_MIN_CHARS..=PASSWORD_MAX_CHARS).contains(&chars),
            charset_ok: password.chars().all(is_password_char),
            has_lower: password.chars().any(|c| c.is_ascii_lowercase()),
            has_upper: password.chars().any(|c| c.is_ascii_uppercase()),
            has_digit: password.chars().any(|c| c.is_ascii_digit()),
            has_special: password.chars().any(|c| PASSWORD_SPECIALS.contains(c)),
        }
    }

    pub fn met(&self, rule: PasswordRule) -> bool {
        match rule {
            PasswordRule::Length => self.length_ok,
            PasswordRule::Characters => self.charset_ok,
            PasswordRule::Lower => self.has_lower,
            PasswordRule::Upper => self.has_upper,
            PasswordRule::Digit => self.has_digit,
            PasswordRule::Special => self.has_special,
        }
    }

    pub fn is_satisfied(&self) -> bool {
        self.unmet().is_empty()
    }

    /// The rules not yet met.
    pub fn unmet(&self) -> Vec<PasswordRule> {
        (PasswordRule::ALL.into_iter())
            .filter(|rule| !self.met(*rule))
            .collect()
    }
}

pub fn check_password(password: &str) -> Result<(), Violation> {
    let unmet = PasswordChecklist::of(password).unmet();
    if unmet.is_empty() {
        return Ok(());
    }
    // The characters that are not allowed, once each, so the user can find them.
    let mut refused: Vec<char> = password.chars().filter(|c| !is_password_char(*c)).collect();
    refused.sort_unstable();
    refused.dedup();
    Err(Violation::Password { refused, unmet })
}

/// Characters the generator never uses: look-alikes (I l 1 O 0) that are misread when a
/// password is copied by hand, and the backtick, which the API's SDK documentation leaves
/// out (a typed backtick is still accepted).
pub const GENERATOR_EXCLUDES: &str = "Il1O0`";

/// A password that always satisfies the rules: 16 characters with every class present.
/// `next_random_byte` must come from a cryptographic RNG (the browser passes
/// `crypto.getRandomValues`); the function itself is pure so it can be tested.
pub fn generate_password(mut next_random_byte: impl FnMut() -> u8) -> String {
    let class = |chars: &str| -> Vec<u8> {
        chars
            .bytes()
            .filter(|b| !GENERATOR_EXCLUDES.as_bytes().contains(b))
            .collect()
    };
    let (lower, upper) = (
        class("abcdefghijklmnopqrstuvwxyz"),
        class("ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    );
    let (digits, specials) = (class("0123456789"), class(PASSWORD_SPECIALS));
    let classes = [&lower[..], &upper[..], &digits[..], &specials[..]];
    let all: Vec<u8> = classes.concat();

    // Unbiased pick of an index below `n` by rejection sampling.
    let mut below = |n: usize| -> usize {
        let limit = 256 - 256 % n;
        loop {
            let byte = usize::from(next_random_byte());
            if byte < limit {
                return byte % n;
            }
        }
    };

    let mut chars: Vec<u8> = classes
        .iter()
        .map(|class| class[below(class.len())])
        .collect();
    while chars.len() < PASSWORD_MAX_CHARS {
        chars.push(all[below(all.len())]);
    }
    // Fisher–Yates, so the guaranteed classes are not always first.
    for i in (1..chars.len()).rev() {
        chars.swap(i, below(i + 1));
    }
    chars.into_iter().map(char::from).collect()
}
