//! HTTPS for the emulator: a certificate and key, and optionally a client CA that callers must be signed by.

use std::path::Path;
use std::sync::Arc;

use anyhow::Result;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::TlsAcceptor;

use crate::exit::usage;

pub fn acceptor(cert: &Path, key: &Path, client_ca: Option<&Path>) -> Result<TlsAcceptor> {
    let chain = certificates(cert, "--tls-cert")?;
    let private = PrivateKeyDer::from_pem_file(key)
        .map_err(|e| usage(format!("--tls-key {}: no private key: {e}", key.display())))?;
    let builder = rustls::ServerConfig::builder();
    let builder = match client_ca {
        Some(ca) => {
            let mut roots = rustls::RootCertStore::empty();
            for certificate in certificates(ca, "--client-ca")? {
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

fn certificates(path: &Path, flag: &str) -> Result<Vec<CertificateDer<'static>>> {
    let iter = CertificateDer::pem_file_iter(path)
        .map_err(|e| usage(format!("{flag} {}: cannot read it: {e}", path.display())))?;
    let chain: Result<Vec<_>, _> = iter.collect();
    let chain = chain.map_err(|e| usage(format!("{flag} {}: not PEM: {e}", path.display())))?;
    if chain.is_empty() {
        return Err(usage(format!("{flag} {}: holds no certificate", path.display())));
    }
    Ok(chain)
}
