using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace LockAnalyzers.Baseline
{
    /// <summary>
    /// A small JSON reader and string writer: the analyzer assembly runs inside every compiler host, where no JSON
    /// library can be relied on. Objects read as dictionaries, arrays as lists, numbers as doubles.
    /// </summary>
    public static class BaselineJson
    {
        private const int MaxDepth = 64;

        public static object? Parse(string text)
        {
            var reader = new Reader(text);
            reader.SkipWhitespace();
            var value = reader.ReadValue(0);
            reader.SkipWhitespace();
            if (!reader.AtEnd)
            {
                throw reader.Error("unexpected text after the JSON value");
            }

            return value;
        }

        public static string Quote(string value)
        {
            var sb = new StringBuilder(value.Length + 2);
            sb.Append('"');
            foreach (var c in value)
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    default:
                        if (c < 0x20 || c == '<' || c == '>' || c == '&' || (c >= 0xD800 && c <= 0xDFFF))
                        {
                            sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            sb.Append(c);
                        }

                        break;
                }
            }

            return sb.Append('"').ToString();
        }

        private sealed class Reader
        {
            private readonly string _text;
            private int _position;

            public Reader(string text)
            {
                _text = text;
            }

            public bool AtEnd => _position >= _text.Length;

            public void SkipWhitespace()
            {
                while (!AtEnd && (_text[_position] == ' ' || _text[_position] == '\t' || _text[_position] == '\n' || _text[_position] == '\r' || _text[_position] == '\uFEFF'))
                {
                    _position++;
                }
            }

            public object? ReadValue(int depth)
            {
                if (depth > MaxDepth)
                {
                    throw Error("nesting is too deep");
                }

                if (AtEnd)
                {
                    throw Error("unexpected end of file");
                }

                switch (_text[_position])
                {
                    case '{': return ReadObject(depth);
                    case '[': return ReadArray(depth);
                    case '"': return ReadString();
                    case 't': return ReadWord("true", true);
                    case 'f': return ReadWord("false", false);
                    case 'n': return ReadWord("null", null);
                    default:
                        if (_text[_position] == '-' || char.IsDigit(_text[_position]))
                        {
                            return ReadNumber();
                        }

                        throw Error("expected a JSON value");
                }
            }

            public BaselineFormatException Error(string message)
            {
                var line = 1;
                var column = 1;
                for (var i = 0; i < _position && i < _text.Length; i++)
                {
                    if (_text[i] == '\n')
                    {
                        line++;
                        column = 1;
                    }
                    else
                    {
                        column++;
                    }
                }

                return new BaselineFormatException($"line {line}, column {column}: {message}");
            }

            private Dictionary<string, object?> ReadObject(int depth)
            {
                var result = new Dictionary<string, object?>();
                _position++;
                SkipWhitespace();
                if (!AtEnd && _text[_position] == '}')
                {
                    _position++;
                    return result;
                }

                while (true)
                {
                    SkipWhitespace();
                    if (AtEnd || _text[_position] != '"')
                    {
                        throw Error("expected a property name in double quotes");
                    }

                    var name = ReadString();
                    SkipWhitespace();
                    Expect(':');
                    SkipWhitespace();
                    result[name] = ReadValue(depth + 1);
                    SkipWhitespace();
                    if (!AtEnd && _text[_position] == ',')
                    {
                        _position++;
                        continue;
                    }

                    Expect('}');
                    return result;
                }
            }

            private List<object?> ReadArray(int depth)
            {
                var result = new List<object?>();
                _position++;
                SkipWhitespace();
                if (!AtEnd && _text[_position] == ']')
                {
                    _position++;
                    return result;
                }

                while (true)
                {
                    SkipWhitespace();
                    result.Add(ReadValue(depth + 1));
                    SkipWhitespace();
                    if (!AtEnd && _text[_position] == ',')
                    {
                        _position++;
                        continue;
                    }

                    Expect(']');
                    return result;
                }
            }

            private string ReadString()
            {
                _position++;
                var sb = new StringBuilder();
                while (true)
                {
                    if (AtEnd)
                    {
                        throw Error("unterminated string");
                    }

                    var c = _text[_position++];
                    if (c == '"')
                    {
                        return sb.ToString();
                    }

                    if (c < 0x20)
                    {
                        throw Error("control character in a string");
                    }

                    if (c != '\\')
                    {
                        sb.Append(c);
                        continue;
                    }

                    if (AtEnd)
                    {
                        throw Error("unterminated string");
                    }

                    var escape = _text[_position++];
                    switch (escape)
                    {
                        case '"': sb.Append('"'); break;
                        case '\\': sb.Append('\\'); break;
                        case '/': sb.Append('/'); break;
                        case 'b': sb.Append('\b'); break;
                        case 'f': sb.Append('\f'); break;
                        case 'n': sb.Append('\n'); break;
                        case 'r': sb.Append('\r'); break;
                        case 't': sb.Append('\t'); break;
                        case 'u':
                            if (_position + 4 > _text.Length || !int.TryParse(_text.Substring(_position, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
                            {
                                throw Error("bad \\u escape");
                            }

                            sb.Append((char)code);
                            _position += 4;
                            break;
                        default:
                            _position--;
                            throw Error("bad escape in a string");
                    }
                }
            }

            private double ReadNumber()
            {
                var start = _position;
                while (!AtEnd && "+-0123456789.eE".IndexOf(_text[_position]) >= 0)
                {
                    _position++;
                }

                if (!double.TryParse(_text.Substring(start, _position - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    _position = start;
                    throw Error("bad number");
                }

                return value;
            }

            private object? ReadWord(string word, object? value)
            {
                if (string.CompareOrdinal(_text, _position, word, 0, word.Length) != 0)
                {
                    throw Error("expected a JSON value");
                }

                _position += word.Length;
                return value;
            }

            private void Expect(char c)
            {
                if (AtEnd || _text[_position] != c)
                {
                    throw Error($"expected '{c}'");
                }

                _position++;
            }
        }
    }
}
