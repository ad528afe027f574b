namespace FlashSale.Silo.Protocol;

public sealed partial class Metadata
{
    /// <summary>One key/value pair; exactly one of <see cref="Value"/> and <see cref="ValueBytes"/> is meaningful.</summary>
    public sealed class Entry
    {
        private readonly string? _value;
        private readonly byte[]? _valueBytes;

        /// <summary>Creates an ASCII-valued entry.</summary>
        public Entry(string key, string value)
        {
            ArgumentNullException.ThrowIfNull(value);
            Key = NormalizeKey(key);
            if (IsBinary)
            {
                throw new ArgumentException("A '-bin' key needs a byte[] value.", nameof(key));
            }

            _value = value;
        }

        /// <summary>Creates a binary entry.</summary>
        public Entry(string key, byte[] valueBytes)
        {
            ArgumentNullException.ThrowIfNull(valueBytes);
            Key = NormalizeKey(key);
            if (!IsBinary)
            {
                throw new ArgumentException("A byte[] value needs a key ending in '-bin'.", nameof(key));
            }

            _valueBytes = valueBytes;
        }

        /// <summary>The lower-case key.</summary>
        public string Key { get; }

        /// <summary>True when the key ends in <c>-bin</c>.</summary>
        public bool IsBinary => Key.EndsWith(BinaryHeaderSuffix, StringComparison.Ordinal);

        /// <summary>The string value; for a binary entry its base64 form.</summary>
        public string Value => _value ?? Convert.ToBase64String(_valueBytes!);

        /// <summary>The bytes; for an ASCII entry its ASCII bytes.</summary>
        public byte[] ValueBytes => _valueBytes ?? System.Text.Encoding.ASCII.GetBytes(_value!);

        /// <inheritdoc />
        public override string ToString() => $"{Key}: {Value}";

        private static string NormalizeKey(string key)
        {
            ArgumentException.ThrowIfNullOrEmpty(key);
            foreach (var c in key)
            {
                // Header names in HTTP/2 are lower case; gRPC restricts them further to this set.
                var valid = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '.';
                if (!valid)
                {
                    throw new ArgumentException($"Invalid metadata key '{key}'.", nameof(key));
                }
            }

            return key.ToLowerInvariant();
        }
    }
}
