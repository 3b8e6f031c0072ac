//! Settings with a fixed set of values, each named once: the name links carry
//! (`policy=reject`), run files store and controls build their ids from.

/// A setting whose values have names. Its table is the one place a value's name is written;
/// a link's action codes store a value by its place in the table.
pub trait Keyed: Copy + PartialEq + 'static {
    /// Every value with its name, in the order the lab lists them.
    const KEYS: &'static [(Self, &'static str)];

    /// The value's name.
    fn key(self) -> &'static str {
        Self::KEYS
            .iter()
            .find(|(v, _)| *v == self)
            .map_or("", |(_, k)| k)
    }

    /// The value a name stands for.
    fn from_key(key: &str) -> Option<Self> {
        Self::KEYS.iter().find(|(_, k)| *k == key).map(|(v, _)| *v)
    }

    /// The value's place in [`Keyed::KEYS`].
    fn index(self) -> usize {
        Self::KEYS.iter().position(|(v, _)| *v == self).unwrap_or(0)
    }

    /// The value at place `i` of [`Keyed::KEYS`].
    fn nth(i: u32) -> Option<Self> {
        Self::KEYS.get(i as usize).map(|(v, _)| *v)
    }

    /// Every value, in order.
    fn all() -> Vec<Self> {
        Self::KEYS.iter().map(|(v, _)| *v).collect()
    }

    /// Every name, in order.
    fn names() -> Vec<&'static str> {
        Self::KEYS.iter().map(|(_, k)| *k).collect()
    }
}

/// Declares a setting's enum (`Copy`, comparable and hashable, as settings are) whose values
/// are named, each name beside its value: `Steady = "steady"` declares the variant `Steady`
/// and names it `steady` in [`Keyed::KEYS`], in declaration order.
macro_rules! keyed {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $($(#[$variant_meta:meta])* $variant:ident = $key:literal,)+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        $vis enum $name {
            $($(#[$variant_meta])* $variant,)+
        }

        impl $crate::sim::Keyed for $name {
            const KEYS: &'static [(Self, &'static str)] = &[$((Self::$variant, $key)),+];
        }
    };
}
pub(crate) use keyed;
