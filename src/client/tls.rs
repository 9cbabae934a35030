//! The client's TLS, one configuration per run: `client_config` turns --cacert, --cert/--key and --insecure into
//! one rustls `ClientConfig`, reading each file once, and every command that connects uses it: `yr invoke`,
//! `result`, `health`, `session` and `test` through ureq (`UreqTls`, a step of http.rs's connector chain, in place
//! of ureq's own TLS, which would build a second configuration of its own), `yr bench` through tokio-rustls.
//!
//! It owns trust and identity only; which files and which server name were chosen, and from where, is
//! config.rs's, and what a failed handshake means to the user is http.rs's.

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};

use anyhow::Result;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, ClientConnection, DigitallySignedStruct, SignatureScheme, StreamOwned};
use ureq::unversioned::transport::{
    Buffers, ConnectionDetails, Connector, Either, LazyBuffers, NextTimeout, Transport, TransportAdapter,
};

use crate::client::config::TlsSettings;
use crate::exit::usage;

/// The run's TLS configuration for `tls`: built the first time, then the same one (`yr test` makes many clients
/// with the same settings; their files are read once).
pub fn client_config(tls: &TlsSettings) -> Result<Arc<ClientConfig>> {
    static BUILT: Mutex<Option<(TlsSettings, Arc<ClientConfig>)>> = Mutex::new(None);
    let mut built = BUILT.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((settings, config)) = built.as_ref() {
        if settings == tls {
            return Ok(config.clone());
        }
    }
    let config = build(tls)?;
    *built = Some((tls.clone(), config.clone()));
    Ok(config)
}

/// The roots (--cacert, else the Mozilla roots webpki-roots carries), the client certificate (--cert/--key) and
/// --insecure. HTTP/1.1 is offered by ALPN: it is all yr speaks.
fn build(tls: &TlsSettings) -> Result<Arc<ClientConfig>> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| anyhow::anyhow!("cannot set up TLS: {e}"))?;
    let builder = if tls.is_insecure() {
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AcceptAny(provider)))
    } else {
        let mut roots = rustls::RootCertStore::empty();
        match &tls.cacert {
            Some(file) => {
                for certificate in crate::pem::certificates(&file.value, &file.describe("cacert"), tls.deadline)? {
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
            let chain = crate::pem::certificates(&cert.value, &cert.describe("cert"), tls.deadline)?;
            let private = crate::pem::private_key(&key.value, &key.describe("key"), tls.deadline)?;
            builder
                .with_client_auth_cert(chain, private)
                .map_err(|e| usage(format!("{}: unusable client certificate: {e}", cert.describe("cert"))))?
        }
        _ => builder.with_no_client_auth(),
    };
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// The name the server's certificate is checked against: --tls-server-name, else the endpoint's host (without an
/// IPv6 address's brackets).
pub fn server_name(tls: &TlsSettings, host: &str) -> Result<ServerName<'static>> {
    let name = tls.server_name.as_ref().map(|name| name.value.as_str()).unwrap_or(host);
    ServerName::try_from(crate::values::unbracketed(name).to_string())
        .map_err(|e| usage(format!("`{name}` is not a TLS server name: {e}")))
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

/// ureq's TLS step on the run's configuration: wraps the chained transport (TCP, or a proxy's tunnel) when the URL
/// being connected is https, as ureq's own RustlsConnector does, and passes it through otherwise.
#[derive(Debug)]
pub struct UreqTls(pub Arc<ClientConfig>);

impl<In: Transport> Connector<In> for UreqTls {
    type Out = Either<In, TlsTransport>;

    fn connect(&self, details: &ConnectionDetails, chained: Option<In>) -> Result<Option<Self::Out>, ureq::Error> {
        let Some(transport) = chained else {
            return Ok(None);
        };
        if !details.needs_tls() || transport.is_tls() {
            return Ok(Some(Either::A(transport)));
        }
        let host = details.uri.host().unwrap_or_default();
        let name = ServerName::try_from(crate::values::unbracketed(host).to_string())
            .map_err(|_| ureq::Error::Tls("Rustls invalid dns name error"))?;
        let mut connection = ClientConnection::new(self.0.clone(), name)?;
        let mut socket = TransportAdapter::new(transport.boxed(), details.current_time.clone());
        socket.set_timeout(details.timeout);
        connection.complete_io(&mut socket)?;
        Ok(Some(Either::B(TlsTransport {
            buffers: LazyBuffers::new(details.config.input_buffer_size(), details.config.output_buffer_size()),
            stream: StreamOwned {
                conn: connection,
                sock: socket,
            },
        })))
    }
}

/// A TLS connection as a ureq transport.
pub struct TlsTransport {
    buffers: LazyBuffers,
    stream: StreamOwned<ClientConnection, TransportAdapter>,
}

impl std::fmt::Debug for TlsTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TlsTransport").finish_non_exhaustive()
    }
}

impl Transport for TlsTransport {
    fn buffers(&mut self) -> &mut dyn Buffers {
        &mut self.buffers
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        self.stream.get_mut().set_timeout(timeout);
        let output = &self.buffers.output()[..amount];
        self.stream.write_all(output)?;
        Ok(())
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        self.stream.get_mut().set_timeout(timeout);
        let input = self.buffers.input_append_buf();
        let amount = self.stream.read(input)?;
        self.buffers.input_appended(amount);
        Ok(amount > 0)
    }

    fn is_open(&mut self) -> bool {
        self.stream.get_mut().get_mut().is_open()
    }

    fn is_tls(&self) -> bool {
        true
    }
}
