using System.Collections;
using Microsoft.Extensions.Primitives;
using Microsoft.IdentityModel.Tokens;

namespace Liveness.Gateway.Authentication;

/// <summary>
/// The signing keys configured under <c>Authentication:Schemes:Bearer:SigningKeys</c>, read once per
/// configuration reload. JwtBearer binds them as a lazy sequence that reads configuration and creates new key
/// objects each time it is enumerated, and its handler copies the validation parameters (enumerating the keys)
/// on every request: measured in bench/run, that was ~3% of the gateway's busy time, and new key objects on
/// every request kept <see cref="ValidatedTokenCache"/> from ever answering. Keys rotated in configuration
/// (a reloaded key-per-file directory) still take effect: a reload re-reads them.
/// </summary>
internal sealed class SigningKeysSnapshot(IEnumerable<SecurityKey> source, IConfiguration configuration) : IEnumerable<SecurityKey>
{
    private readonly Lock _gate = new();
    private IReadOnlyList<SecurityKey>? _keys;
    private IChangeToken? _reload;

    public IEnumerator<SecurityKey> GetEnumerator() => Current().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private IReadOnlyList<SecurityKey> Current()
    {
        lock (_gate)
        {
            if (_keys is null || _reload is null || _reload.HasChanged)
            {
                _reload = configuration.GetReloadToken(); // taken before reading: a reload during the read is not missed
                _keys = [.. source];
            }

            return _keys;
        }
    }
}
