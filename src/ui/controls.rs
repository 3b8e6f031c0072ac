//! Labelled, keyboard-usable controls. Each writes through a callback; none trusts its
//! input: numbers that do not parse or fall outside the range are clamped and said so.

use crate::sim::Keyed;
use leptos::prelude::*;

/// A control's box: its visible label, tied to the input `id`, then the control.
#[component]
fn Labelled(
    id: &'static str,
    label: &'static str,
    /// Extra class beside `control`.
    #[prop(optional)]
    class: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <div class=if class.is_empty() { "control".to_owned() } else { format!("control {class}") }>
            <label for=id>{label}</label>
            {children()}
        </div>
    }
}

/// A range slider with a visible label and the current value beside it.
#[component]
pub fn Slider(
    /// Element id (also ties the label to the input).
    id: &'static str,
    /// Visible label.
    label: &'static str,
    /// Unit shown after the value.
    unit: &'static str,
    min: f64,
    max: f64,
    step: f64,
    #[prop(into)] value: Signal<f64>,
    #[prop(into)] on_input: Callback<f64>,
) -> impl IntoView {
    let output_id = format!("{id}-out");
    view! {
        <Labelled id=id label=label class="slider">
            <input
                type="range"
                id=id
                min=min
                max=max
                step=step
                prop:value=move || value.get()
                aria-describedby=output_id.clone()
                on:input=move |ev| {
                    if let Ok(v) = event_target_value(&ev).parse::<f64>() {
                        on_input.run(v.clamp(min, max));
                    }
                }
            />
            <output id=output_id for=id>{move || format!("{} {unit}", group(value.get()))}</output>
        </Labelled>
    }
}

/// A drop-down list of named options.
#[component]
pub fn Choice(
    id: &'static str,
    label: &'static str,
    /// `(value, visible text)` pairs.
    options: Vec<(&'static str, &'static str)>,
    #[prop(into)] value: Signal<&'static str>,
    #[prop(into)] on_change: Callback<String>,
) -> impl IntoView {
    view! {
        <Labelled id=id label=label>
            <select id=id on:change=move |ev| on_change.run(event_target_value(&ev))>
                {options
                    .into_iter()
                    .map(|(key, text)| {
                        view! {
                            <option value=key selected=move || value.get() == key>
                                {text}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </Labelled>
    }
}

/// A drop-down list over the values of a named setting, `labels` in [`Keyed::KEYS`] order.
pub fn keyed_choice<T: Keyed + Send + Sync>(
    (id, label): (&'static str, &'static str),
    labels: &[&'static str],
    value: Signal<T>,
    on_change: impl Fn(T) + Send + Sync + 'static,
) -> impl IntoView {
    let options = T::KEYS
        .iter()
        .zip(labels)
        .map(|((_, k), l)| (*k, *l))
        .collect();
    view! {
        <Choice id=id label=label options=options
            value=Signal::derive(move || value.get().key())
            on_change=move |k: String| {
                if let Some(v) = T::from_key(&k) {
                    on_change(v);
                }
            } />
    }
}

/// A whole-number field that clamps what is typed and says when it did.
#[component]
pub fn NumberField(
    id: &'static str,
    label: &'static str,
    min: u32,
    max: u32,
    #[prop(into)] value: Signal<u32>,
    #[prop(into)] on_change: Callback<u32>,
) -> impl IntoView {
    let (problem, set_problem) = signal(None::<String>);
    let hint_id = format!("{id}-hint");
    view! {
        <Labelled id=id label=label>
            <input
                type="number"
                inputmode="numeric"
                id=id
                min=min
                max=max
                step=1
                prop:value=move || value.get().to_string()
                aria-invalid=move || problem.get().is_some().to_string()
                aria-describedby=hint_id.clone()
                on:change=move |ev| {
                    let raw = event_target_value(&ev);
                    match raw.trim().parse::<f64>() {
                        Ok(x) if x.is_finite() => {
                            let v = x.round().clamp(f64::from(min), f64::from(max)) as u32;
                            set_problem
                                .set(
                                    (f64::from(v) != x)
                                        .then(|| format!("Using {v}: the range is {min}–{max} whole numbers.")),
                                );
                            on_change.run(v);
                        }
                        _ => {
                            set_problem.set(Some(format!("“{raw}” is not a number; kept {}.", value.get_untracked())));
                        }
                    }
                }
            />
            <small id=hint_id class="hint" class:problem=move || problem.get().is_some()>
                {move || problem.get().unwrap_or_else(|| format!("{min}–{max}"))}
            </small>
        </Labelled>
    }
}

pub use crate::text::group;

/// A button that its own press may turn off (deploy once, follow the head, empty a queue).
/// Off is `aria-disabled`, not `disabled`: a button that disables itself drops the keyboard's
/// focus to the top of the page. Presses while off do nothing.
#[component]
pub fn SelfOffButton(
    id: &'static str,
    #[prop(into)] off: Signal<bool>,
    #[prop(into)] on_press: Callback<()>,
    children: Children,
) -> impl IntoView {
    view! {
        <button
            type="button"
            id=id
            aria-disabled=move || off.get().to_string()
            on:click=move |_| {
                if !off.get_untracked() {
                    on_press.run(());
                }
            }
        >
            {children()}
        </button>
    }
}

/// One choice of a [`RadioGroup`]: its value, the element id (the contract with tests and
/// guides) and the words beside it.
pub type RadioOption<T> = (T, String, &'static str);

/// Radio buttons over the values of a setting, one checked: the one `value` holds.
#[component]
pub fn RadioGroup<T>(
    /// The buttons' shared `name`.
    name: &'static str,
    /// What the group chooses, for screen readers (and shown, with `shown`).
    label: &'static str,
    /// Shows `label` above the buttons.
    #[prop(optional)]
    shown: bool,
    /// Each button's `data-control` hook.
    #[prop(optional)]
    control: Option<&'static str>,
    options: Vec<RadioOption<T>>,
    #[prop(into)] value: Signal<T>,
    #[prop(into)] on_change: Callback<T>,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    view! {
        <div class="policies" role="radiogroup" aria-label=label>
            {shown.then(|| view! { <span class="group-label">{label}</span> })}
            {options
                .into_iter()
                .map(|(v, id, text)| {
                    view! {
                        <label class="radio">
                            <input
                                type="radio"
                                name=name
                                id=id
                                data-control=control
                                prop:checked=move || value.get() == v
                                on:change=move |_| on_change.run(v)
                            />
                            {text}
                        </label>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// A titled section of a page: its heading, which names it for screen readers (id
/// `{id}-title`), an optional hint under it, then what it holds.
#[component]
pub fn Panel(
    id: &'static str,
    class: &'static str,
    #[prop(into)] title: String,
    #[prop(optional)] hint: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    view! {
        <section class=class aria-labelledby=labelled_by>
            <h3 id=title_id>{title}</h3>
            {hint.map(|h| view! { <p class="hint">{h}</p> })}
            {children()}
        </section>
    }
}

/// A setting that is on or off.
#[component]
pub fn Toggle(
    id: &'static str,
    label: &'static str,
    #[prop(into)] value: Signal<bool>,
    #[prop(into)] on_change: Callback<bool>,
) -> impl IntoView {
    view! {
        <label class="radio" for=id>
            <input
                type="checkbox"
                id=id
                prop:checked=move || value.get()
                on:change=move |ev| on_change.run(event_target_checked(&ev))
            />
            {label}
        </label>
    }
}

/// The options of a [`RadioGroup`] from a setting's link keys: ids `{name}-{key}`, `labels`
/// in the same order.
pub fn keyed<T: Copy>(
    name: &str,
    all: &[(T, &'static str)],
    labels: &[&'static str],
) -> Vec<RadioOption<T>> {
    all.iter()
        .zip(labels)
        .map(|(&(v, key), label)| (v, format!("{name}-{key}"), *label))
        .collect()
}

/// A [`Toggle`] for one switch of a lab's settings: `get` reads it from `config`, `to` makes
/// the action that sets it.
pub fn switch<C, A>(
    config: RwSignal<C>,
    act: Callback<A>,
    id: &'static str,
    label: &'static str,
    get: fn(&C) -> bool,
    to: fn(bool) -> A,
) -> impl IntoView
where
    C: Send + Sync + 'static,
    A: 'static,
{
    view! {
        <Toggle id=id label=label value=Signal::derive(move || config.with(get)) on_change=move |v| act.run(to(v)) />
    }
}

/// A lab's settings and how the learner changes them: each control of a panel in a line.
pub struct Settings<C: 'static, A: 'static> {
    /// The settings in force.
    pub config: RwSignal<C>,
    /// Sends the learner's change to the run.
    pub act: Callback<A>,
}

impl<C, A> Clone for Settings<C, A> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<C, A> Copy for Settings<C, A> {}

impl<C: Send + Sync + 'static, A: 'static> Settings<C, A> {
    /// A slider from `min` to `max` in `step`s over the number `get` reads; `to` makes the
    /// action that sets it.
    pub fn slider(
        self,
        (id, label, unit): (&'static str, &'static str, &'static str),
        (min, max, step): (f64, f64, f64),
        get: impl Fn(&C) -> f64 + Send + Sync + 'static,
        to: impl Fn(f64) -> A + Send + Sync + 'static,
    ) -> impl IntoView {
        let Self { config, act } = self;
        view! {
            <Slider id=id label=label unit=unit min=min max=max step=step
                value=Signal::derive(move || config.with(&get))
                on_input=move |v: f64| act.run(to(v)) />
        }
    }

    /// A whole-number field from `min` to `max` over the number `get` reads.
    pub fn number(
        self,
        (id, label): (&'static str, &'static str),
        (min, max): (u32, u32),
        get: impl Fn(&C) -> u32 + Send + Sync + 'static,
        to: impl Fn(u32) -> A + Send + Sync + 'static,
    ) -> impl IntoView {
        let Self { config, act } = self;
        view! {
            <NumberField id=id label=label min=min max=max
                value=Signal::derive(move || config.with(&get))
                on_change=move |v: u32| act.run(to(v)) />
        }
    }

    /// Radio buttons over the named setting `get` reads: ids `{name}-{key}`, `labels` in
    /// [`Keyed::KEYS`] order.
    pub fn radio<T: Keyed + Send + Sync>(
        self,
        (name, label): (&'static str, &'static str),
        labels: &[&'static str],
        get: fn(&C) -> T,
        to: fn(T) -> A,
    ) -> impl IntoView {
        let Self { config, act } = self;
        view! {
            <RadioGroup name=name label=label options=keyed(name, T::KEYS, labels)
                value=Signal::derive(move || config.with(get))
                on_change=move |v| act.run(to(v)) />
        }
    }

    /// A drop-down list over the named setting `get` reads, `labels` in [`Keyed::KEYS`] order.
    pub fn choice<T: Keyed + Send + Sync>(
        self,
        id_label: (&'static str, &'static str),
        labels: &[&'static str],
        get: fn(&C) -> T,
        to: fn(T) -> A,
    ) -> impl IntoView {
        let Self { config, act } = self;
        keyed_choice(
            id_label,
            labels,
            Signal::derive(move || config.with(get)),
            move |v| act.run(to(v)),
        )
    }

    /// A switch over the flag `get` reads.
    pub fn switch(
        self,
        id: &'static str,
        label: &'static str,
        get: fn(&C) -> bool,
        to: fn(bool) -> A,
    ) -> impl IntoView {
        switch(self.config, self.act, id, label, get, to)
    }
}
