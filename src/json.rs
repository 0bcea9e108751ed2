//! JSON in the browser through the browser's own `JSON.parse` / `JSON.stringify` and
//! serde-wasm-bindgen, so the wasm carries no JSON parser or printer of its own (measured in
//! docs/size.md). The same text as serde_json: objects for maps, `null` for a `None` that is
//! not skipped, unknown fields ignored.

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;

/// JSON text of `value`; `Err` carries the reason.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, String> {
    let value = value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|error| error.to_string())?;
    js_sys::JSON::stringify(&value)
        .ok()
        .and_then(|text| text.as_string())
        .ok_or_else(|| "not representable as JSON".to_owned())
}

/// Parses JSON text; `None` when it is not JSON.
pub fn parse(text: &str) -> Option<JsValue> {
    js_sys::JSON::parse(text).ok()
}

/// Reads a parsed value as `T`; `None` when it does not have `T`'s shape.
pub fn read<T: DeserializeOwned>(value: JsValue) -> Option<T> {
    serde_wasm_bindgen::from_value(value).ok()
}

/// Parses JSON text as `T`; `None` when it is not JSON of `T`'s shape.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
    read(parse(text)?)
}

/// The field `name` of a parsed object; `None` when it is absent or `null`.
pub fn field(object: &JsValue, name: &str) -> Option<JsValue> {
    js_sys::Reflect::get(object, &JsValue::from_str(name))
        .ok()
        .filter(|value| !value.is_undefined() && !value.is_null())
}

/// Whether a parsed value is a JSON object (not an array, not `null`).
pub fn is_object(value: &JsValue) -> bool {
    value.is_object() && !js_sys::Array::is_array(value)
}
