// gen-schemas.js MODULES_DIR OUT_DIR - writes schemas/resources/*.json.
//
// Reads the CloudFormation resource database of @aws-cdk/aws-service-spec
// (installed in MODULES_DIR by tools/gen-schemas.sh), keeps the resource
// types listed in tools/gen-schemas.overlay.json, and writes one compact,
// sorted JSON file per type: properties (type, required, allowed values),
// nested property types and the attributes Fn::GetAtt may ask for. Allowed
// values come from the AWS SDK packages' enums and from the overlay; SAM
// types are corrected from the overlay. Also writes SOURCE.md.
//
// Type grammar in the output: string number integer boolean json tag,
// list<T>, map<T>, A|B (any of), or the name of a nested type in "types".
'use strict';

const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const modules = process.argv[2];
const outDir = process.argv[3];
const overlay = JSON.parse(fs.readFileSync(path.join(__dirname, 'gen-schemas.overlay.json'), 'utf8'));

const specPkg = path.join(modules, '@aws-cdk', 'aws-service-spec');
const db = JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(specPkg, 'db.json.gz'))).toString('utf8'));

const typedefs = new Map();
for (const t of db.schema.typeDefinition.entities) typedefs.set(t.$id, t);
const resources = new Map();
for (const r of db.schema.resource.entities) resources.set(r.cloudFormationType, r);

function fail(msg) {
    process.stderr.write('gen-schemas: ' + msg + '\n');
    process.exit(1);
}

// Renders a spec type to the grammar above. names: typedef id -> name used in
// this file; queue collects typedefs still to render. flat: nested types
// become json (SAM, whose nested types in the spec are out of date).
function render(t, ctx) {
    switch (t.type) {
    case 'string':
    case 'number':
    case 'integer':
    case 'boolean':
    case 'json':
    case 'tag':
        return t.type;
    case 'date-time':
        return 'string';
    case 'null':
        return 'json';
    case 'array':
        return 'list<' + render(t.element, ctx) + '>';
    case 'map':
        return 'map<' + render(t.element, ctx) + '>';
    case 'union': {
        const parts = [];
        for (const u of t.types) {
            for (const p of splitUnion(render(u, ctx)))
                if (!parts.includes(p)) parts.push(p);
        }
        if (parts.includes('json')) return 'json';
        return parts.sort().join('|');
    }
    case 'ref': {
        if (ctx.flat) return 'json';
        const id = t.reference.$ref;
        const td = typedefs.get(id);
        if (!td) fail('dangling type reference ' + id);
        if (!ctx.names.has(id)) {
            let name = td.name;
            let n = 2;
            while ([...ctx.names.values()].includes(name)) name = td.name + n++;
            ctx.names.set(id, name);
            ctx.queue.push(id);
        }
        return ctx.names.get(id);
    }
    default:
        fail('unknown type kind ' + t.type);
    }
    return 'json';
}

// Splits a rendered type at top-level '|'.
function splitUnion(s) {
    const out = [];
    let depth = 0;
    let start = 0;
    for (let i = 0; i < s.length; i++) {
        if (s[i] === '<') depth++;
        else if (s[i] === '>') depth--;
        else if (s[i] === '|' && depth === 0) {
            out.push(s.slice(start, i));
            start = i + 1;
        }
    }
    out.push(s.slice(start));
    return out;
}

// A property's type: its current type, widened by any type it had before
// (templates written against the older type still deploy).
function propType(p, ctx) {
    const all = [p.type].concat(p.previousTypes || []);
    if (all.length === 1) return render(p.type, ctx);
    return render({type: 'union', types: all}, ctx);
}

function renderProps(props, ctx) {
    const out = {};
    for (const name of Object.keys(props).sort()) {
        const p = props[name];
        const o = {type: propType(p, ctx)};
        if (p.required) o.required = true;
        out[name] = o;
    }
    return out;
}

function sdkEnumValues(e) {
    const mod = require(path.join(modules, e.sdk));
    const obj = mod[e.enum];
    if (!obj) fail(e.sdk + ' has no enum ' + e.enum);
    return Object.values(obj).map(String).sort();
}

// The spec property (with its documentation) at "A.B" of a resource type.
function specProp(type, p) {
    const parts = p.split('.');
    let props = resources.get(type).properties;
    for (let i = 0; i < parts.length; i++) {
        const prop = props[parts[i]];
        if (!prop) fail(type + ': no property ' + p);
        if (i === parts.length - 1) return prop;
        if (prop.type.type !== 'ref') fail(type + ': ' + parts[i] + ' is not a nested type');
        props = typedefs.get(prop.type.reference.$ref).properties;
    }
    return null;
}

// Allowed values listed in a property's documentation ("one of the
// following:" then "- `Value` ..." or "- Value" lines).
function docEnumValues(e) {
    const doc = specProp(e.type, e.path).documentation || '';
    const at = doc.search(/one of the following/i);
    if (at < 0) fail(e.type + ' ' + e.path + ': documentation lists no values');
    const values = [];
    for (const line of doc.slice(at).split('\n').slice(1)) {
        const m = /^\s*-\s+(?:`([^`]+)`|([A-Za-z0-9:]+)\s*$)/.exec(line);
        if (!m) continue;
        const v = m[1] || m[2];
        if (!/^[A-Za-z0-9:]+$/.test(v)) fail(e.type + ' ' + e.path + ': odd value ' + v);
        if (!values.includes(v)) values.push(v);
    }
    if (values.length < 2) fail(e.type + ' ' + e.path + ': fewer than two values found');
    for (const v of e.extra) if (!values.includes(v)) values.push(v);
    return values;
}

// Sets an enum on the property at "A.B" (B inside the nested type of A).
function applyEnum(spec, p, values) {
    const parts = p.split('.');
    let props = spec.properties;
    for (let i = 0; i < parts.length; i++) {
        const prop = props[parts[i]];
        if (!prop) fail(spec.type + ': no property ' + p);
        if (i === parts.length - 1) {
            prop.enum = values.slice().sort();
            return;
        }
        const nested = spec.types[prop.type];
        if (!nested) fail(spec.type + ': ' + parts[i] + ' is not a nested type');
        props = nested;
    }
}

function buildSpec(type) {
    const r = resources.get(type);
    if (!r) fail('no resource type ' + type);
    const sam = type.startsWith('AWS::Serverless::');
    const ctx = {names: new Map(), queue: [], flat: sam};
    const spec = {type: type, properties: renderProps(r.properties || {}, ctx), types: {}};
    while (ctx.queue.length) {
        const id = ctx.queue.shift();
        spec.types[ctx.names.get(id)] = renderProps(typedefs.get(id).properties || {}, ctx);
    }
    let attrs = Object.keys(r.attributes || {});
    if (sam) {
        const s = overlay.sam;
        for (const name of (s.remove[type] || [])) {
            if (!spec.properties[name]) fail(type + ': cannot remove missing ' + name);
            delete spec.properties[name];
        }
        for (const [name, t] of Object.entries(s.add[type] || {})) {
            if (spec.properties[name]) fail(type + ': ' + name + ' is already in the spec');
            spec.properties[name] = {type: t};
        }
        if (s.attributesFrom[type]) attrs = Object.keys(resources.get(s.attributesFrom[type]).attributes);
        if (s.attributes[type]) attrs = s.attributes[type];
    }
    spec.attributes = attrs.sort();
    return spec;
}

// Compact, diff-friendly JSON: one property per line, keys sorted.
function sortKeys(o) {
    if (Array.isArray(o) || o === null || typeof o !== 'object') return o;
    const out = {};
    for (const k of Object.keys(o).sort()) out[k] = sortKeys(o[k]);
    return out;
}

function emitSpec(spec) {
    const line = (o) => JSON.stringify(sortKeys(o));
    const block = (props, indent) => {
        const keys = Object.keys(props).sort();
        if (!keys.length) return '{}';
        const pad = ' '.repeat(indent);
        return '{\n' + keys.map((k) => pad + '  ' + JSON.stringify(k) + ': ' + line(props[k])).join(',\n') + '\n' + pad + '}';
    };
    let s = '{\n';
    s += '  "attributes": ' + JSON.stringify(spec.attributes) + ',\n';
    s += '  "properties": ' + block(spec.properties, 2) + ',\n';
    s += '  "type": ' + JSON.stringify(spec.type) + ',\n';
    const tnames = Object.keys(spec.types).sort();
    if (!tnames.length) {
        s += '  "types": {}\n';
    } else {
        s += '  "types": {\n';
        s += tnames.map((n) => '    ' + JSON.stringify(n) + ': ' + block(spec.types[n], 4)).join(',\n');
        s += '\n  }\n';
    }
    return s + '}\n';
}

function pkgInfo(name) {
    const pj = JSON.parse(fs.readFileSync(path.join(modules, name, 'package.json'), 'utf8'));
    return {name: name, version: pj.version, license: pj.license};
}

const specs = overlay.types.map(buildSpec);
const byType = new Map(specs.map((s) => [s.type, s]));
const sdkUsed = new Set();
for (const e of overlay.sdkEnums) {
    applyEnum(byType.get(e.type) || fail('enum for unlisted type ' + e.type), e.path, sdkEnumValues(e));
    sdkUsed.add(e.sdk);
}
// Extra types a property takes before packaging (local paths).
for (const e of overlay.widen) {
    const spec = byType.get(e.type) || fail('widen for unlisted type ' + e.type);
    const prop = spec.properties[e.path] || fail(e.type + ': no property ' + e.path);
    const alts = splitUnion(prop.type);
    if (!alts.includes(e.also)) prop.type = alts.concat([e.also]).sort().join('|');
}
for (const e of overlay.docEnums) applyEnum(byType.get(e.type) || fail('enum for unlisted type ' + e.type), e.path, docEnumValues(e));
for (const e of overlay.enums) applyEnum(byType.get(e.type) || fail('enum for unlisted type ' + e.type), e.path, e.values);

fs.mkdirSync(outDir, {recursive: true});
for (const f of fs.readdirSync(outDir)) if (f.endsWith('.json')) fs.unlinkSync(path.join(outDir, f));
for (const spec of specs) fs.writeFileSync(path.join(outDir, spec.type.replace(/::/g, '_') + '.json'), emitSpec(spec));

const pkgs = [pkgInfo('@aws-cdk/aws-service-spec')].concat([...sdkUsed].sort().map(pkgInfo));
let md = '# Resource property specs\n\n';
md += 'Generated by `make schemas` (tools/gen-schemas.sh, tools/gen-schemas.js). Do not edit the\n';
md += 'JSON files by hand: change tools/gen-schemas.overlay.json or the generator and run it again.\n\n';
md += '## Sources\n\n| npm package | version | license |\n|---|---|---|\n';
for (const p of pkgs) md += '| `' + p.name + '` | ' + p.version + ' | ' + p.license + ' |\n';
md += '\n- Properties, required flags, nested property types and `Fn::GetAtt` attributes: the\n';
md += '  CloudFormation resource database of `@aws-cdk/aws-service-spec` (built from the\n';
md += '  CloudFormation registry schemas and the SAM schema). A property whose type changed keeps\n';
md += '  its earlier types as alternatives.\n';
md += '- Allowed values: the enums of the AWS SDK packages above,\n';
md += '  the lists of values in the CloudFormation documentation the spec database carries, and\n';
md += '  values written in tools/gen-schemas.overlay.json for enums neither carries:\n';
for (const e of overlay.docEnums) md += '  - ' + e.type + ' `' + e.path + '` (from the documentation text): ' + e.source + '\n';
for (const e of overlay.enums) md += '  - ' + e.type + ' `' + e.path + '`: ' + e.source + '\n';
for (const e of overlay.widen) md += '- ' + e.type + ' `' + e.path + '` also takes ' + e.also + ': ' + e.source + '\n';
md += '- SAM types (`AWS::Serverless::*`): the property lists in the spec database lag behind SAM;\n';
md += '  tools/gen-schemas.overlay.json adds and renames properties as checked against ' + overlay.sam.source + '.\n';
md += '  Nested SAM property types are not validated (written as `json`). Attributes are those of\n';
md += '  the resource SAM generates (`AWS::Lambda::Function`, `AWS::ApiGateway::RestApi`);\n';
md += '  `AWS::Serverless::Application` allows `Outputs.<Name>`.\n\n';
md += '## Format\n\n';
md += 'One file per resource type, `AWS_Service_Type.json`: `type`, `attributes` (names `Fn::GetAtt`\n';
md += 'accepts; a trailing `.*` allows any suffix), `properties` and `types` (nested property types),\n';
md += 'each property as `{"type": T, "required": true, "enum": [...]}`. T is one of `string`, `number`,\n';
md += '`integer`, `boolean`, `json` (anything), `tag` (`{Key, Value}`), `list<T>`, `map<T>`, `A|B`\n';
md += '(any of), or the name of a nested type. An enum on a list applies to its items.\n';
fs.writeFileSync(path.join(outDir, 'SOURCE.md'), md);
process.stdout.write('gen-schemas: wrote ' + specs.length + ' types to ' + outDir + '\n');
