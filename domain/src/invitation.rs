//! An order's invitation: 128 random bits as 22 characters of `A-Za-z0-9_-`, the payload of its deep link. Only
//! someone who was given the link knows it, so joining requires it (order numbers are sequential and guessable).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// How long a token is: 22 characters carry 132 bits, enough for 128 random ones.
pub const TOKEN_CHARS: usize = 22;
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct InviteToken([u8; TOKEN_CHARS]);

impl TryFrom<String> for InviteToken {
    type Error = String;

    fn try_from(s: String) -> Result<Self, String> {
        s.parse()
            .map_err(|()| format!("not an invitation token: {s:?}"))
    }
}

impl From<InviteToken> for String {
    fn from(token: InviteToken) -> String {
        token.as_str().to_string()
    }
}

impl InviteToken {
    /// The token for 128 random bits (the caller draws them: the domain reads no randomness).
    pub fn from_bits(bits: u128) -> InviteToken {
        let mut token = [0u8; TOKEN_CHARS];
        for (i, c) in token.iter_mut().enumerate() {
            *c = ALPHABET[((bits >> (6 * i)) & 63) as usize];
        }
        InviteToken(token)
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("the alphabet is ASCII")
    }
}

impl FromStr for InviteToken {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        let bytes: [u8; TOKEN_CHARS] = s.as_bytes().try_into().map_err(|_| ())?;
        if bytes.iter().all(|b| ALPHABET.contains(b)) {
            Ok(InviteToken(bytes))
        } else {
            Err(())
        }
    }
}

impl fmt::Display for InviteToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Tokens are secrets: logs and debug output show only their start.
impl fmt::Debug for InviteToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "InviteToken({}…)", &self.as_str()[..4])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_reads_back_and_refuses_anything_else() {
        let token = InviteToken::from_bits(0x0123_4567_89ab_cdef_fedc_ba98_7654_3210);
        assert_eq!(token.as_str().len(), TOKEN_CHARS);
        assert_eq!(token.as_str().parse::<InviteToken>(), Ok(token));
        assert_ne!(InviteToken::from_bits(1), InviteToken::from_bits(2));
        for bad in ["", "short", "12", &"a".repeat(23), "aaaaaaaaaaaaaaaaaaaaa!"] {
            assert!(bad.parse::<InviteToken>().is_err(), "{bad:?}");
        }
        assert!(!format!("{token:?}").contains(token.as_str()));
    }
}
