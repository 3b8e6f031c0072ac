//! A lab's learner actions, each declared beside the setting it changes.

/// What picks one of a list of settings (a client, a queue, a view): its place in the list.
pub trait Slot: Copy {
    /// The place.
    fn slot(self) -> usize;
}

impl Slot for u8 {
    fn slot(self) -> usize {
        usize::from(self)
    }
}

/// Declares a lab's action enum (`Copy`, comparable and hashable, as the action log needs)
/// for the settings `$config`: `WriteRate(u32) => write_rate` is an action that sets the
/// field `write_rate`; `Rate(u8, u32) in rates` sets one of the list `rates`, the one its
/// first value picks ([`Slot`]); a variant with neither is a command (it changes no
/// setting). Generates `set` (applies a setting's action to the settings and says whether it
/// was one), `is_setting`, `replaces`, and the settings' `with` and `after`, through their
/// `clamped`.
macro_rules! actions {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident for $config:ty {
            $(
                $(#[$variant_meta:meta])*
                $variant:ident $(($($ty:ty),+))? $({$($field_name:ident: $field_ty:ty),+ $(,)?})?
                $(=> $field:ident)? $(in $slots:ident)?,
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
            /// changes no setting.
            pub fn set(self, config: &mut $config) -> bool {
                let action = self;
                $($crate::sim::action::actions!(@set action config $variant [$($field)?] [$($slots)?]);)+
                false
            }

            /// Whether this action sets a setting (not a command).
            pub fn is_setting(self) -> bool {
                let action = self;
                $($crate::sim::action::actions!(@is action $variant [$($field)?$($slots)?]);)+
                false
            }

            /// Which of a list of settings this action sets, for one that sets one of a list.
            #[allow(unused_variables)] // `action` is read only by an enum with a list.
            fn slot(self) -> Option<usize> {
                let action = self;
                $($crate::sim::action::actions!(@slot action $variant [$($slots)?]);)+
                None
            }

            /// Whether this action, taken at the same tick as `old`, makes `old` pointless:
            /// both set the same setting (a slider dragged while paused).
            pub fn replaces(self, old: Self) -> bool {
                self.is_setting()
                    && std::mem::discriminant(&self) == std::mem::discriminant(&old)
                    && self.slot() == old.slot()
            }
        }

        impl $config {
            /// The settings after `action`, every number within its range (a command leaves
            /// them as they are).
            pub fn with(self, action: $name) -> Self {
                let mut config = self;
                action.set(&mut config);
                config.clamped()
            }

            /// The settings after a setting's `action`; `None` for a command, which stays an
            /// action (it is applied at its moment, not folded into the settings).
            pub fn after(self, action: $name) -> Option<Self> {
                action.is_setting().then(|| self.with(action))
            }
        }
    };
    (@set $action:ident $config:ident $variant:ident [$field:ident] []) => {
        if let Self::$variant(v) = $action {
            $config.$field = v;
            return true;
        }
    };
    (@set $action:ident $config:ident $variant:ident [] [$slots:ident]) => {
        if let Self::$variant(i, v) = $action {
            if let Some(slot) = $config.$slots.get_mut($crate::sim::action::Slot::slot(i)) {
                *slot = v;
            }
            return true;
        }
    };
    (@set $action:ident $config:ident $variant:ident [] []) => {};
    (@is $action:ident $variant:ident [$setting:ident]) => {
        if let Self::$variant(..) = $action {
            return true;
        }
    };
    (@is $action:ident $variant:ident []) => {};
    (@slot $action:ident $variant:ident [$slots:ident]) => {
        if let Self::$variant(i, _) = $action {
            return Some($crate::sim::action::Slot::slot(i));
        }
    };
    (@slot $action:ident $variant:ident []) => {};
}
pub(crate) use actions;
