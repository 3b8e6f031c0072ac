//! A lab's learner actions, each declared beside the setting it changes.

/// Declares a lab's action enum (`Copy`, comparable and hashable, as the action log needs)
/// for the settings `$config`: `WriteRate(u32) => write_rate` is an action that sets the
/// field `write_rate`; a variant without `=> field` is a command (it changes no setting) or a
/// change the lab makes by hand. Generates `set`, which applies a setting's action to the
/// settings and says whether it was one.
macro_rules! actions {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident for $config:ty {
            $(
                $(#[$variant_meta:meta])*
                $variant:ident $(($($ty:ty),+))? $({$($field_name:ident: $field_ty:ty),+ $(,)?})?
                $(=> $field:ident)?,
            )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        $vis enum $name {
            $($(#[$variant_meta])* $variant $(($($ty),+))? $({$($field_name: $field_ty),+})?,)+
        }

        impl $name {
            /// Sets the setting this action changes in `config`; `false` for an action that
            /// changes no setting of its own.
            pub fn set(self, config: &mut $config) -> bool {
                let action = self;
                $($crate::sim::action::actions!(@set action config $variant $($field)?);)+
                false
            }

            /// Whether this action sets a setting (not a command).
            pub fn is_setting(self) -> bool {
                let action = self;
                $($crate::sim::action::actions!(@is action $variant $($field)?);)+
                false
            }

            /// Whether this action, taken at the same tick as `old`, makes `old` pointless:
            /// both set the same setting (a slider dragged while paused).
            pub fn replaces(self, old: Self) -> bool {
                self.is_setting() && std::mem::discriminant(&self) == std::mem::discriminant(&old)
            }
        }
    };
    (@is $action:ident $variant:ident $field:ident) => {
        if let Self::$variant(..) = $action {
            return true;
        }
    };
    (@is $action:ident $variant:ident) => {};
    (@set $action:ident $config:ident $variant:ident $field:ident) => {
        if let Self::$variant(v) = $action {
            $config.$field = v;
            return true;
        }
    };
    (@set $action:ident $config:ident $variant:ident) => {};
}
pub(crate) use actions;
