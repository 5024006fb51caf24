//! Labelled form fields with their hint and error tied to them for screen readers.

use leptos::prelude::*;

/// One labelled input (or a textarea when `lines` is set).
#[component]
pub fn Field(
    id: &'static str,
    label: String,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] value: String,
    #[prop(optional_no_strip)] hint: Option<String>,
    #[prop(optional_no_strip)] error: Option<String>,
    #[prop(default = true)] required: bool,
    #[prop(optional)] max: Option<usize>,
    #[prop(optional)] lines: Option<u32>,
) -> impl IntoView {
    let described = match (&hint, &error) {
        (_, Some(_)) => Some(format!("{id}-error")),
        (Some(_), None) => Some(format!("{id}-hint")),
        _ => None,
    };
    let invalid = error.is_some();
    let control = match lines {
        Some(rows) => view! {
            <textarea
                id=id
                name=id
                rows=rows
                required=required
                maxlength=max
                aria-invalid=invalid.then_some("true")
                aria-describedby=described
            >{value}</textarea>
        }
        .into_any(),
        None => view! {
            <input
                id=id
                name=id
                type=kind
                autocomplete=autocomplete
                value=value
                required=required
                maxlength=max
                aria-invalid=invalid.then_some("true")
                aria-describedby=described
            />
        }
        .into_any(),
    };
    view! {
        <div class="field" class:field--error=invalid>
            <label for=id>{label}</label>
            {hint.map(|h| view! { <p class="field__hint" id=format!("{id}-hint")>{h}</p> })}
            {control}
            {error.map(|e| view! { <p class="field__error" id=format!("{id}-error")>{e}</p> })}
        </div>
    }
}

/// The alert at the top of a refused form, which screen readers announce.
#[component]
pub fn FormAlert(message: Option<String>) -> impl IntoView {
    message.map(|m| view! { <p class="form-alert" role="alert">{m}</p> })
}

/// One labelled drop-down list; `options` are `(value, label)` pairs.
#[component]
pub fn Select(
    id: &'static str,
    label: String,
    options: Vec<(String, String)>,
    #[prop(optional)] selected: String,
    #[prop(optional_no_strip)] error: Option<String>,
) -> impl IntoView {
    let invalid = error.is_some();
    let options = options
        .into_iter()
        .map(|(value, text)| {
            let chosen = value == selected;
            view! { <option value=value selected=chosen>{text}</option> }
        })
        .collect_view();
    view! {
        <div class="field" class:field--error=invalid>
            <label for=id>{label}</label>
            <select id=id name=id aria-invalid=invalid.then_some("true")
                aria-describedby=invalid.then(|| format!("{id}-error"))>{options}</select>
            {error.map(|e| view! { <p class="field__error" id=format!("{id}-error")>{e}</p> })}
        </div>
    }
}
