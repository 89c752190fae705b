//! The page, embedded in the binary: plain HTML, CSS and JavaScript, no build step and no request beyond this
//! server, so it works offline.

use axum::http::header::CONTENT_TYPE;
use axum::response::{Html, IntoResponse};

pub async fn index() -> Html<&'static str> {
    Html(include_str!("page/index.html"))
}

pub async fn style() -> impl IntoResponse {
    (
        [(CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("page/style.css"),
    )
}

pub async fn script() -> impl IntoResponse {
    (
        [(CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("page/app.js"),
    )
}
