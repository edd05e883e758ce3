using System.Collections;
using System.Reflection;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Liveness.Deploy.Tests.K8s;

/// <summary>
/// The configuration keys the gateway reads, collected by reflection over the assemblies the
/// Release gateway contains (Liveness.Gateway and Liveness.Policies; not the Debug-only emulator):
/// <list type="bullet">
/// <item>every type, public or internal, with a <c>const string SectionName</c>: its public settable
/// (or init) properties, recursively, collections as <c>:{n}</c> and dictionaries as <c>:*</c>;</item>
/// <item>every <c>const string …Key</c> whose value is a configuration path (<c>KeyPerFilePathsKey =
/// "KeyPerFile:Paths"</c>), read directly with <c>IConfiguration</c>, itself or indexed;</item>
/// <item>the framework's: <see cref="JwtBearerOptions"/> under <c>Authentication:Schemes:Bearer</c> with
/// the token-validation shortcuts ASP.NET Core reads there.</item>
/// </list>
/// Keys compare case-insensitively, as configuration does.
/// </summary>
internal sealed class BoundConfigurationKeys
{
    public const string JwtBearerSection = "Authentication:Schemes:Bearer";

    /// <summary>Read by JwtBearer's configuration from the scheme's section besides the options' own properties.</summary>
    private static readonly string[] s_jwtBearerShortcuts = ["ValidIssuer", "ValidIssuers:{n}", "ValidAudience", "ValidAudiences:{n}", "SigningKeys:{n}:*"];

    private readonly SortedSet<string> _patterns = new(StringComparer.OrdinalIgnoreCase);

    private BoundConfigurationKeys()
    {
    }

    /// <summary>Patterns such as <c>Face:Endpoint</c> or <c>Cors:AllowedOrigins:{n}</c>.</summary>
    public IReadOnlyCollection<string> Patterns => _patterns;

    /// <summary>The sections (types with a SectionName) found, for diagnostics.</summary>
    public List<string> Sections { get; } = [];

    public static BoundConfigurationKeys Read(params Assembly[] assemblies)
    {
        var keys = new BoundConfigurationKeys();
        foreach (var type in assemblies.SelectMany(a => a.GetTypes()))
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                if (!field.IsLiteral || field.FieldType != typeof(string) || field.GetRawConstantValue() is not string value)
                {
                    continue;
                }

                if (field.Name == "SectionName" && field.IsPublic)
                {
                    keys.Sections.Add($"{value} ({type.Name})");
                    keys.AddProperties(value, type, depth: 0);
                }
                else if (field.Name.EndsWith("Key", StringComparison.Ordinal) && IsConfigurationPath(value))
                {
                    keys._patterns.Add(value);
                    keys._patterns.Add($"{value}:{{n}}");
                }
            }
        }

        foreach (var property in Settable(typeof(JwtBearerOptions)).Where(p => IsScalar(p.PropertyType)))
        {
            keys._patterns.Add($"{JwtBearerSection}:{property.Name}");
        }

        foreach (var shortcut in s_jwtBearerShortcuts)
        {
            keys._patterns.Add($"{JwtBearerSection}:{shortcut}");
        }

        return keys;
    }

    /// <summary>True when <paramref name="key"/> (in <c>:</c> notation) is one of the bound keys.</summary>
    public bool Binds(string key) => _patterns.Any(pattern => Matches(pattern, key));

    public static bool Matches(string pattern, string key)
    {
        var patternSegments = pattern.Split(':');
        var keySegments = key.Split(':');
        if (patternSegments.Length != keySegments.Length)
        {
            return false;
        }

        return patternSegments.Zip(keySegments).All(pair => pair.First switch
        {
            "{n}" => pair.Second.Length > 0 && pair.Second.All(char.IsAsciiDigit),
            "*" => pair.Second.Length > 0,
            var literal => string.Equals(literal, pair.Second, StringComparison.OrdinalIgnoreCase),
        });
    }

    private void AddProperties(string prefix, Type type, int depth)
    {
        if (depth > 6)
        {
            return;
        }

        foreach (var property in Settable(type).Concat(GetOnlyComplex(type)))
        {
            AddValue($"{prefix}:{property.Name}", property.PropertyType, depth);
        }
    }

    private void AddValue(string key, Type type, int depth)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (IsScalar(type))
        {
            _patterns.Add(key);
        }
        else if (DictionaryValueType(type) is { } valueType)
        {
            AddValue($"{key}:*", valueType, depth + 1);
        }
        else if (ElementType(type) is { } elementType)
        {
            AddValue($"{key}:{{n}}", elementType, depth + 1);
        }
        else
        {
            AddProperties(key, type, depth + 1);
        }
    }

    private static IEnumerable<PropertyInfo> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0);

    // The binder also fills get-only properties of a complex type that the options object creates.
    private static IEnumerable<PropertyInfo> GetOnlyComplex(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is null && p.GetIndexParameters().Length == 0 && !IsScalar(p.PropertyType)
                && p.PropertyType.IsClass && p.PropertyType.Namespace?.StartsWith("Liveness", StringComparison.Ordinal) == true);

    private static bool IsScalar(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(Uri)
            || type == typeof(TimeSpan) || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(Guid);
    }

    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        return type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type) ? type.GetGenericArguments()[0] : null;
    }

    private static Type? DictionaryValueType(Type type) =>
        type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && (i.GetGenericTypeDefinition() == typeof(IDictionary<,>) || i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)))
            ?.GetGenericArguments()[1];

    private static bool IsConfigurationPath(string value) =>
        value.Split(':') is { Length: >= 2 } segments
        && segments.All(s => s.Length > 0 && char.IsAsciiLetterUpper(s[0]) && s.All(char.IsAsciiLetterOrDigit));
}
