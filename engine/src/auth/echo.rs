//! `echo`: the request back, verbatim, for testing a client. Needs no
//! credentials; a password or token inside `credentials` comes back masked.

use serde_json::{Map, Value};

pub const MASK: &str = "*****";

pub fn echo(mut body: Map<String, Value>) -> Value {
    if let Some(Value::Object(creds)) = body.get_mut("credentials") {
        for key in ["password", "token", "session_token"] {
            if let Some(v) = creds.get_mut(key) {
                *v = Value::String(MASK.into());
            }
        }
    }
    Value::Object(body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn echoes_verbatim_but_masks_secrets() {
        let body = json!({"Animal Count":{"dog":5},"cluck-cluck":["here"],"credentials":{"user":"u","password":"p","token":"t"}});
        let Value::Object(map) = body else { unreachable!() };
        assert_eq!(
            serde_json::to_string(&echo(map)).ok(),
            Some(r#"{"Animal Count":{"dog":5},"cluck-cluck":["here"],"credentials":{"user":"u","password":"*****","token":"*****"}}"#.to_string())
        );
    }
}
