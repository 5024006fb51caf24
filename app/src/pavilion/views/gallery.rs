//! Product image gallery (an island): thumbnails choose the large image; arrow keys move
//! between them. Without JavaScript each thumbnail is a link to `?image=N`, which the server
//! renders with that image large.

use crate::i18n::{Locale, tr};
use crate::pavilion::model::ProductImage;
use leptos::ev::KeyboardEvent;
use leptos::prelude::*;

#[island]
pub fn Gallery(images: Vec<ProductImage>, initial: usize, locale: Locale) -> impl IntoView {
    let ui = locale.ui();
    let count = images.len();
    let selected = RwSignal::new(initial.min(count.saturating_sub(1)));
    let images = StoredValue::new(images);
    let main = move || images.with_value(|all| all.get(selected.get()).cloned());
    let on_key = move |ev: KeyboardEvent| {
        if count < 2 {
            return;
        }
        // Right-to-left pages lay the thumbnails out from the right: the arrows follow.
        let (forward, back) = if locale.is_rtl() {
            ("ArrowLeft", "ArrowRight")
        } else {
            ("ArrowRight", "ArrowLeft")
        };
        let key = ev.key();
        let next = match key.as_str() {
            k if k == forward || k == "ArrowDown" => (selected.get_untracked() + 1) % count,
            k if k == back || k == "ArrowUp" => (selected.get_untracked() + count - 1) % count,
            "Home" => 0,
            "End" => count - 1,
            _ => return,
        };
        ev.prevent_default();
        selected.set(next);
        focus_thumb(next);
    };
    view! {
        <div class="gallery">
            <div class="gallery__stage">
                {move || main().map(|img| view! {
                    <img class="gallery__main" src=img.src alt=img.alt width="800" height="600"/>
                })}
            </div>
            <p class="visually-hidden" aria-live="polite">
                {move || tr!(ui, gallery_position, n = selected.get() + 1, count = count)}
            </p>
            {(count > 1).then(|| view! {
                <div class="gallery__thumbs" role="group" aria-label=tr!(ui, gallery_label) on:keydown=on_key>
                    {images.with_value(|all| all.iter().enumerate().map(|(i, img)| {
                        let label = tr!(ui, gallery_show, n = i + 1, count = count, alt = img.alt.clone());
                        view! {
                            <a
                                href=format!("?image={}", i + 1)
                                class="gallery__thumb"
                                id=format!("gallery-thumb-{i}")
                                aria-label=label
                                aria-current=move || (selected.get() == i).then_some("true")
                                on:click=move |ev: leptos::ev::MouseEvent| {
                                    ev.prevent_default();
                                    selected.set(i);
                                }
                            >
                                <img src=img.src.clone() alt="" width="96" height="72"/>
                            </a>
                        }
                    }).collect_view())}
                </div>
            })}
        </div>
    }
}

#[cfg(feature = "hydrate")]
fn focus_thumb(index: usize) {
    use wasm_bindgen::JsCast;
    let el = leptos::prelude::document()
        .get_element_by_id(&format!("gallery-thumb-{index}"))
        .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok());
    if let Some(el) = el {
        let _ = el.focus();
    }
}

#[cfg(not(feature = "hydrate"))]
fn focus_thumb(_index: usize) {}
