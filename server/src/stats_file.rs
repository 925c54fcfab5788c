//! `GET /api/oma_file/get?type=snapshot&id=..&user=..&expires=..&token=..`:
//! the file behind a stats_snapshot link (`&format=json` for JSON, CSV
//! otherwise). An altered or expired link is HTTP 403 with a short reason.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use engine::stats::snapshot_file::{self, Refused};

use crate::state::AppState;

pub async fn get(State(state): State<AppState>, Query(query): Query<HashMap<String, String>>) -> Response {
    match snapshot_file::download(&state.engine, &query).await {
        Ok(file) => {
            let disposition =
                format!("attachment; filename=\"{}\"", file.filename.replace(['"', '\\', '\r', '\n'], "_"));
            (
                [(header::CONTENT_TYPE, file.content_type.to_string()), (header::CONTENT_DISPOSITION, disposition)],
                file.body,
            )
                .into_response()
        }
        Err(Refused::Forbidden(why)) => (StatusCode::FORBIDDEN, format!("Forbidden: {why}.\n")).into_response(),
        Err(Refused::NotFound) => (StatusCode::NOT_FOUND, "Not found: the object is gone.\n").into_response(),
        Err(Refused::Internal(e)) => {
            tracing::error!(error = %e, "building a stats snapshot failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "Server error.\n").into_response()
        }
    }
}
