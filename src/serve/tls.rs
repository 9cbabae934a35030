//! HTTPS for the emulator: a certificate and key, and optionally a client CA that callers must be signed by.

use std::path::Path;
use std::sync::Arc;

use anyhow::Result;
use tokio_rustls::TlsAcceptor;

use crate::exit::usage;
use crate::input::Deadline;

pub fn acceptor(cert: &Path, key: &Path, client_ca: Option<&Path>, deadline: Deadline) -> Result<TlsAcceptor> {
    let chain = crate::pem::certificates(cert, &format!("--tls-cert {}", cert.display()), deadline)?;
    let private = crate::pem::private_key(key, &format!("--tls-key {}", key.display()), deadline)?;
    let builder = rustls::ServerConfig::builder();
    let builder = match client_ca {
        Some(ca) => {
            let mut roots = rustls::RootCertStore::empty();
            for certificate in crate::pem::certificates(ca, &format!("--client-ca {}", ca.display()), deadline)? {
                roots
                    .add(certificate)
                    .map_err(|e| usage(format!("--client-ca {}: unusable certificate: {e}", ca.display())))?;
            }
            let verifier = rustls::server::WebPkiClientVerifier::builder(Arc::new(roots))
                .build()
                .map_err(|e| usage(format!("--client-ca {}: {e}", ca.display())))?;
            builder.with_client_cert_verifier(verifier)
        }
        None => builder.with_no_client_auth(),
    };
    let mut config = builder.with_single_cert(chain, private).map_err(|e| {
        usage(format!(
            "--tls-cert {} and --tls-key {} do not make a server identity: {e}",
            cert.display(),
            key.display()
        ))
    })?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(TlsAcceptor::from(Arc::new(config)))
}
