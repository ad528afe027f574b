using System.Security.Cryptography.X509Certificates;

namespace FlashSale.Silo.Hosting;

/// <summary>Optional TLS on the gRPC and HTTP ports (section "Silo:Tls"): a PEM certificate (chain)
/// and its PEM private key. Without them both ports stay cleartext (h2c / HTTP/1.1).</summary>
public sealed class TlsOptions
{
    /// <summary>PEM certificate file, leaf first (e.g. fullchain.pem).</summary>
    public string? CertificateFile { get; set; }

    /// <summary>PEM private key file of the certificate (PKCS#8, PKCS#1 or SEC1, unencrypted).</summary>
    public string? KeyFile { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(CertificateFile) || !string.IsNullOrWhiteSpace(KeyFile);

    /// <summary>The certificate with its key, or null when TLS is off; both files are needed.</summary>
    public X509Certificate2? Load()
    {
        if (!Enabled)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(CertificateFile) || string.IsNullOrWhiteSpace(KeyFile))
        {
            throw new InvalidOperationException("TLS needs both --tls-cert and --tls-key (Silo:Tls:CertificateFile and Silo:Tls:KeyFile).");
        }

        return X509Certificate2.CreateFromPemFile(CertificateFile, KeyFile);
    }
}
