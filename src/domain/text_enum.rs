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

        impl std::str::FromStr for $name {
            type Err = ();

            fn from_str(s: &str) -> Result<Self, ()> {
                Self::ALL.iter().copied().find(|x| x.as_str() == s).ok_or(())
            }
        }
    };
}

pub(crate) use text_enum_impl as text_enum;
