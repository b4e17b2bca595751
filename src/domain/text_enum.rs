//! Enums that are stored and sent as fixed text.

/// An enum stored and sent as fixed text, with every value listed in `ALL`.
macro_rules! text_enum_impl {
    ($(#[$meta:meta])* pub enum $name:ident { $($variant:ident = $text:tt,)+ }) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash,
            serde::Serialize, serde::Deserialize, utoipa::ToSchema,
        )]
        pub enum $name {
            $(#[serde(rename = $text)] $variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }
        }

        /// Reading a stored value: one this version does not know is an error, never a default.
        impl TryFrom<String> for $name {
            type Error = $crate::domain::text_enum::UnknownValue;

            fn try_from(value: String) -> Result<Self, Self::Error> {
                value.parse().map_err(|()| $crate::domain::text_enum::UnknownValue {
                    what: stringify!($name),
                    value,
                })
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.as_str().to_owned()
            }
        }

        impl std::str::FromStr for $name {
            type Err = ();

            fn from_str(s: &str) -> Result<Self, ()> {
                Self::ALL.iter().copied().find(|x| x.as_str() == s).ok_or(())
            }
        }
    };
}

pub(crate) use text_enum_impl as text_enum;

/// A stored text that is none of an enum's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownValue {
    pub what: &'static str,
    pub value: String,
}

impl std::fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:?} is not a {} this version knows",
            self.value, self.what
        )
    }
}

impl std::error::Error for UnknownValue {}
