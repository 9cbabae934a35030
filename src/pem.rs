//! PEM files: the certificates or the private key one holds, for the client's TLS (--cacert, --cert, --key) and
//! the emulator's (--tls-cert, --tls-key, --client-ca). Each file is read once and parsed once; a message names the
//! file as the user gave it (`label`: `--cacert FILE`, `YR_CERT_FILE=FILE`, a profile's key). A leaf
//! (tests/layers.rs): it uses no room of yr's but other leaves.

use std::path::Path;

use anyhow::Result;
use rustls::pki_types::pem::{self, PemObject};
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

use crate::exit::usage;
use crate::input::Deadline;

/// Every certificate in the file, in order; none is an error. The file is read by `deadline`, at most
/// `PEM_FILE_CAP`.
pub fn certificates(path: &Path, label: &str, deadline: Deadline) -> Result<Vec<CertificateDer<'static>>> {
    let bytes = read(path, label, deadline)?;
    let chain: Result<Vec<CertificateDer<'static>>, _> = CertificateDer::pem_slice_iter(&bytes).collect();
    let chain = chain.map_err(|e| usage(format!("{label}: not PEM: {e}")))?;
    if chain.is_empty() {
        return Err(usage(format!("{label}: holds no certificate")));
    }
    Ok(chain)
}

/// The file's first private key (PKCS#8, PKCS#1 or SEC1).
pub fn private_key(path: &Path, label: &str, deadline: Deadline) -> Result<PrivateKeyDer<'static>> {
    let bytes = read(path, label, deadline)?;
    PrivateKeyDer::from_pem_slice(&bytes).map_err(|e| match e {
        pem::Error::NoItemsFound => usage(format!("{label}: holds no private key")),
        e => usage(format!("{label}: not PEM: {e}")),
    })
}

fn read(path: &Path, label: &str, deadline: Deadline) -> Result<Vec<u8>> {
    crate::input::read_capped(path, crate::input::PEM_FILE_CAP, deadline).map_err(|e| e.for_input(label))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_and_their_faults() {
        let dir = std::env::temp_dir().join(format!("yr-pem-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = rcgen::CertificateParams::new(vec!["localhost".into()])
            .unwrap()
            .self_signed(&key)
            .unwrap();
        let write = |name: &str, text: &str| {
            let path = dir.join(name);
            std::fs::write(&path, text).unwrap();
            path
        };
        let both = write("both.pem", &format!("{}{}", cert.pem(), key.serialize_pem()));
        assert_eq!(certificates(&both, "F", Deadline::NONE).unwrap().len(), 1);
        assert!(private_key(&both, "F", Deadline::NONE).is_ok());
        let message = |result: Result<()>| result.unwrap_err().to_string();
        let cert_only = write("cert.pem", &cert.pem());
        assert_eq!(
            message(private_key(&cert_only, "--tls-key K", Deadline::NONE).map(drop)),
            "--tls-key K: holds no private key"
        );
        let key_only = write("key.pem", &key.serialize_pem());
        assert_eq!(
            message(certificates(&key_only, "--cacert C", Deadline::NONE).map(drop)),
            "--cacert C: holds no certificate"
        );
        let cut = write("cut.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n");
        assert!(message(certificates(&cut, "C", Deadline::NONE).map(drop)).starts_with("C: not PEM: "));
        assert_eq!(
            message(certificates(&dir.join("missing"), "C", Deadline::NONE).map(drop)),
            "C: cannot read it: no such file"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
