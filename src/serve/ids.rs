//! Ids the frontend makes up: trace and request ids, and the instance id an asynchronous record carries.

/// `getInstanceID`: `INSTANCE_ID`, else `POD_NAME`, else the host name.
pub fn instance_id() -> String {
    for var in ["INSTANCE_ID", "POD_NAME"] {
        if let Some(id) = std::env::var(var).ok().filter(|v| !v.is_empty()) {
            return id;
        }
    }
    let mut name = [0u8; 256];
    // SAFETY: gethostname writes at most `len` bytes into the buffer we own.
    let ok = unsafe { libc::gethostname(name.as_mut_ptr().cast(), name.len()) } == 0;
    let end = name.iter().position(|&b| b == 0).unwrap_or(name.len());
    if ok && end > 0 {
        String::from_utf8_lossy(&name[..end]).into_owned()
    } else {
        "unknown".into()
    }
}

/// A random-looking UUID (version 4 layout) for trace and request ids; unique, not secret.
pub fn new_id() -> String {
    crate::trace::new_uuid()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_look_like_uuids() {
        let (a, b) = (new_id(), new_id());
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
    }
}
