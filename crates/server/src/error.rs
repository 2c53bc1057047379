//! Errors over HTTP: one table of codes and statuses, answered as `{message, code}`.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use sitrep_store::StoreError;

/// The machine-readable kind of an error; each has one HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// 400: a parameter or body the server cannot use.
    BadRequest,
    /// 404: no such endpoint, document, event or task.
    NotFound,
    /// 401: a write without the right token.
    Unauthorized,
    /// 403: a write to a server started without `--write-token`.
    ReadOnly,
    /// 413: a body over `--max-body`.
    PayloadTooLarge,
    /// 429: over `--rate-limit`, or too many writes queued; `Retry-After` says when to
    /// retry.
    TooManyRequests,
    /// 500: a failure of the server or the store.
    Internal,
}

impl ErrorCode {
    /// The HTTP status of this kind of error.
    pub fn status(self) -> StatusCode {
        match self {
            ErrorCode::BadRequest => StatusCode::BAD_REQUEST,
            ErrorCode::NotFound => StatusCode::NOT_FOUND,
            ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
            ErrorCode::ReadOnly => StatusCode::FORBIDDEN,
            ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// The body of every error answer.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// One line for people, naming the parameter or input at fault.
    pub message: String,
    pub code: ErrorCode,
}

/// An error answer: status from the code, `{message, code}` body, optional
/// `Retry-After` seconds.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        let message: String = message.into();
        // One line, always.
        let message = message.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ");
        ApiError { code, message, retry_after: None }
    }
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(ErrorCode::BadRequest, message)
    }
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(ErrorCode::NotFound, message)
    }
    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError::new(ErrorCode::Internal, message)
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            // The store names command-line flags (`--since x: ...`); over HTTP they are
            // parameters, and a cursor is the `after` parameter.
            StoreError::BadQuery(m) if m.starts_with("bad cursor") => ApiError::bad_request(format!("after: {m}")),
            StoreError::BadQuery(m) => ApiError::bad_request(m.trim_start_matches("--").to_string()),
            other => ApiError::internal(other.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody { message: self.message, code: self.code };
        let mut resp = (self.code.status(), axum::Json(body)).into_response();
        if let Some(secs) = self.retry_after {
            resp.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if self.code == ErrorCode::Unauthorized {
            resp.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        resp
    }
}
