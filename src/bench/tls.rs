//! HTTPS for the load engine: the same trust settings as `yr invoke` (--cacert, --cert/--key, --insecure,
//! --tls-server-name), as a rustls client configuration for tokio.

use std::sync::Arc;

use anyhow::Result;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};

use crate::exit::usage;
use crate::settings::{NamedFile, TlsSettings};

/// A connector and the name the certificate is checked against.
pub struct Tls {
    pub connector: tokio_rustls::TlsConnector,
    pub server_name: ServerName<'static>,
}

pub fn client(tls: &TlsSettings, host: &str) -> Result<Tls> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| anyhow::anyhow!("cannot set up TLS: {e}"))?;
    let builder = if tls.insecure {
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AcceptAny(provider)))
    } else {
        let mut roots = rustls::RootCertStore::empty();
        match &tls.cacert {
            Some(file) => {
                for certificate in certificates(file, "cacert")? {
                    roots
                        .add(certificate)
                        .map_err(|e| usage(format!("{}: {e}", file.describe("cacert"))))?;
                }
            }
            None => roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
        }
        builder.with_root_certificates(roots)
    };
    let mut config = match (&tls.cert, &tls.key) {
        (Some(cert), Some(key)) => {
            let chain = certificates(cert, "cert")?;
            let private = PrivateKeyDer::from_pem_file(&key.path)
                .map_err(|e| usage(format!("{}: no private key: {e}", key.describe("key"))))?;
            builder
                .with_client_auth_cert(chain, private)
                .map_err(|e| usage(format!("{}: unusable client certificate: {e}", cert.describe("cert"))))?
        }
        _ => builder.with_no_client_auth(),
    };
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    let name = tls.server_name.as_deref().unwrap_or(host);
    let server_name = ServerName::try_from(name.trim_start_matches('[').trim_end_matches(']').to_string())
        .map_err(|e| usage(format!("`{name}` is not a TLS server name: {e}")))?;
    Ok(Tls {
        connector: tokio_rustls::TlsConnector::from(Arc::new(config)),
        server_name,
    })
}

fn certificates(file: &NamedFile, what: &str) -> Result<Vec<CertificateDer<'static>>> {
    let chain: Result<Vec<_>, _> = CertificateDer::pem_file_iter(&file.path)
        .map_err(|e| usage(format!("{}: cannot read it: {e}", file.describe(what))))?
        .collect();
    let chain = chain.map_err(|e| usage(format!("{}: not PEM: {e}", file.describe(what))))?;
    if chain.is_empty() {
        return Err(usage(format!("{}: holds no certificate", file.describe(what))));
    }
    Ok(chain)
}

/// --insecure: any certificate is accepted; signatures are still checked, so the handshake itself is sound.
#[derive(Debug)]
struct AcceptAny(Arc<rustls::crypto::CryptoProvider>);

impl ServerCertVerifier for AcceptAny {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}
