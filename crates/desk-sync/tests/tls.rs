//! A district on an intranet with its own certificate authority: refused by default,
//! trusted with the CA bundle, never with verification switched off.

use desk_sync::{DistrictClient, ErrorClass};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};

const CA: &[u8] = include_bytes!("fixtures/intranet-ca.pem");
const CERT: &[u8] = include_bytes!("fixtures/intranet-server.pem");
const KEY: &[u8] = include_bytes!("fixtures/intranet-server.key");

const OK: &str = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 15\r\nconnection: close\r\n\r\n{\"status\":\"ok\"}";

/// An HTTPS server on 127.0.0.1 answering every request with `{"status":"ok"}`.
async fn intranet_district() -> std::net::SocketAddr {
    intranet_district_answering(OK.to_owned()).await
}

/// A plain-http server on 127.0.0.1 answering every request with `{"status":"ok"}`.
async fn plain_district() -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((mut tcp, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = vec![0u8; 4096];
                let _ = tcp.read(&mut buf).await;
                let _ = tcp.write_all(OK.as_bytes()).await;
                let _ = tcp.shutdown().await;
            });
        }
    });
    addr
}

/// An HTTPS server on 127.0.0.1 answering every request with `response` (a whole
/// HTTP/1.1 response).
async fn intranet_district_answering(response: String) -> std::net::SocketAddr {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(CERT)
        .collect::<Result<_, _>>()
        .expect("server cert");
    let key = PrivateKeyDer::from_pem_slice(KEY).expect("server key");
    let provider = Arc::new(tokio_rustls::rustls::crypto::aws_lc_rs::default_provider());
    let config = tokio_rustls::rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("protocols")
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .expect("server config");
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            let response = response.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return; // the client refused our certificate
                };
                let mut buf = vec![0u8; 4096];
                let _ = tls.read(&mut buf).await;
                let _ = tls.write_all(response.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    addr
}

#[tokio::test]
async fn an_intranet_ca_is_trusted_only_when_configured() {
    let addr = intranet_district().await;
    let url = format!("https://127.0.0.1:{}/api/v1", addr.port());

    let default = DistrictClient::new(&url).expect("client");
    let err = default.health().await.expect_err("unknown CA");
    assert_eq!(err.class(), ErrorClass::Transient, "{err}");

    let trusting = DistrictClient::with_ca_bundle(&url, CA).expect("bundle");
    trusting.health().await.expect("trusted through the bundle");

    let err = DistrictClient::with_ca_bundle(&url, b"not a certificate").expect_err("junk");
    assert!(err.to_string().contains("CA 证书文件无效"), "{err}");
}

/// Issue 15, item 3: a redirect from https to http (another origin, and in clear) is not
/// followed, even though a server answers there.
#[tokio::test]
async fn a_redirect_from_https_to_http_is_not_followed() {
    let plain = plain_district().await;
    let addr = intranet_district_answering(format!(
        "HTTP/1.1 302 Found\r\nlocation: http://127.0.0.1:{}/api/v1/health\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
        plain.port()
    ))
    .await;
    let url = format!("https://127.0.0.1:{}/api/v1", addr.port());
    let client = DistrictClient::with_ca_bundle(&url, CA).expect("bundle");
    match client.health().await {
        Err(e @ desk_sync::SyncError::Redirected { status: 302, .. }) => {
            assert!(e.to_string().contains("http://127.0.0.1"), "{e}");
            assert_eq!(e.class(), ErrorClass::Permanent);
        }
        other => panic!("{other:?}"),
    }
}
