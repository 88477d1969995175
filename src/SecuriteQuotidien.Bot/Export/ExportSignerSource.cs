using Microsoft.Extensions.Options;
using SecuriteQuotidien.Storage.Exports;

namespace SecuriteQuotidien.Bot.Export;

/// <summary>
/// The link signer, keyed by <see cref="ExportOptions.SigningKey"/> when configured, otherwise by a random key
/// created once in storage and shared by every instance (<see cref="IExportSigningKeyStore"/>).
/// </summary>
public sealed class ExportSignerSource(IOptions<ExportOptions> options, IExportSigningKeyStore keys)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ExportLinkSigner? _signer;

    public async ValueTask<ExportLinkSigner> GetAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _signer) is { } known)
        {
            return known;
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _signer ??= new ExportLinkSigner(options.Value.SigningKey ?? await keys.GetOrCreateAsync(ExportLinkSigner.MinimumKeyLength, cancellationToken));
            return _signer;
        }
        finally
        {
            _gate.Release();
        }
    }
}
