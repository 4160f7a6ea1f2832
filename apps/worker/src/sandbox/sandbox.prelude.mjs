// @ts-check
/**
 * The sandbox's in-VM helpers. `createSandboxPrelude` is NOT called on the host: its source text
 * (`Function.prototype.toString`) is evaluated inside each fresh QuickJS context before user code
 * runs, so it must stay self-contained — no imports, no references to anything outside its body.
 * Being plain JavaScript, it is also unit-tested on the host (sandbox.prelude.spec.ts).
 *
 * It captures the intrinsics it needs before user code runs, so user code that replaces
 * `JSON.stringify` or `Array.prototype.push` cannot break result serialisation or logging. The
 * host still treats everything coming out of it as untrusted (types and lengths are re-checked).
 *
 * @param {(level: string, message: string, originalLength: number) => void} hostLog
 * @param {number} maxMessageChars
 */
export function createSandboxPrelude(hostLog, maxMessageChars) {
  'use strict';
  const call = Function.prototype.call;
  /** @type {(fn: Function) => (self: any, ...args: any[]) => any} */
  const uncurry = (fn) => call.bind(fn);
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const StringCtor = String;
  const ErrorCtor = Error;
  const isArray = Array.isArray;
  const objectKeys = Object.keys;
  const objectIs = Object.is;
  const getPrototypeOf = Object.getPrototypeOf;
  const ObjectPrototype = Object.prototype;
  const strSlice = uncurry(String.prototype.slice);
  const strReplace = uncurry(String.prototype.replace);
  const strIndexOf = uncurry(String.prototype.indexOf);
  const arrPush = uncurry(Array.prototype.push);
  const arrJoin = uncurry(Array.prototype.join);
  const regexTest = uncurry(RegExp.prototype.test);
  const regexToString = uncurry(RegExp.prototype.toString);
  const dateToISOString = uncurry(Date.prototype.toISOString);
  const dateGetTime = uncurry(Date.prototype.getTime);
  const fnToString = uncurry(Function.prototype.toString);
  const symbolToString = uncurry(Symbol.prototype.toString);
  const mapForEach = uncurry(Map.prototype.forEach);
  const setForEach = uncurry(Set.prototype.forEach);
  const mapSize = uncurry(
    /** @type {() => number} */ (Object.getOwnPropertyDescriptor(Map.prototype, 'size')?.get),
  );
  const setSize = uncurry(
    /** @type {() => number} */ (Object.getOwnPropertyDescriptor(Set.prototype, 'size')?.get),
  );
  const MapCtor = Map;
  const SetCtor = Set;
  const WeakMapCtor = WeakMap;
  const WeakSetCtor = WeakSet;
  const PromiseCtor = Promise;
  const DateCtor = Date;
  const RegExpCtor = RegExp;
  const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
  const MAX_DEPTH = 2;
  const MAX_ITEMS = 100;

  /** @param {string} s */
  const quote = (s) => `'${strReplace(strReplace(s, /\\/g, '\\\\'), /'/g, "\\'")}'`;
  /** @param {string} key */
  const formatKey = (key) => (regexTest(IDENTIFIER, key) ? key : quote(key));

  /** @param {unknown} value */
  const constructorName = (value) => {
    try {
      const proto = getPrototypeOf(value);
      if (proto === null) return '[Object: null prototype]';
      if (proto === ObjectPrototype) return '';
      const name = proto.constructor && proto.constructor.name;
      return typeof name === 'string' && name !== 'Object' ? name : '';
    } catch {
      return '';
    }
  };

  /** @param {Error} error */
  const errorText = (error) => {
    let head;
    try {
      head = `${StringCtor(error.name)}: ${StringCtor(error.message)}`;
    } catch {
      head = 'Error';
    }
    const stack = typeof error.stack === 'string' ? error.stack : '';
    return stack ? `${head}\n${stack}` : head;
  };

  /**
   * Renders a value the way Node's `util.inspect` does for logs, on one line: nested strings are
   * quoted, depth beyond 2 collapses to `[Object]`, long collections are cut, cycles are marked.
   * @param {unknown} value
   * @param {number} depth
   * @param {unknown[]} seen
   * @returns {string}
   */
  const inspect = (value, depth, seen) => {
    switch (typeof value) {
      case 'string':
        return depth === 0 ? value : quote(value);
      case 'number':
        return objectIs(value, -0) ? '-0' : StringCtor(value);
      case 'bigint':
        return `${StringCtor(value)}n`;
      case 'symbol':
        return symbolToString(value);
      case 'undefined':
      case 'boolean':
        return StringCtor(value);
      case 'function': {
        const source = fnToString(value);
        const name = typeof value.name === 'string' && value.name ? value.name : '';
        if (strSlice(source, 0, 6) === 'class ') return name ? `[class ${name}]` : '[class (anonymous)]';
        return name ? `[Function: ${name}]` : '[Function (anonymous)]';
      }
    }
    if (value === null) return 'null';
    const object = /** @type {Record<string, unknown>} */ (value);
    for (let i = 0; i < seen.length; i++) if (seen[i] === object) return '[Circular]';
    if (object instanceof ErrorCtor) return errorText(object);
    if (object instanceof DateCtor) {
      return dateGetTime(object) === dateGetTime(object) ? dateToISOString(object) : 'Invalid Date';
    }
    if (object instanceof RegExpCtor) return regexToString(object);
    if (object instanceof PromiseCtor) return 'Promise { <unknown> }';
    if (depth > MAX_DEPTH) return isArray(object) ? '[Array]' : '[Object]';
    arrPush(seen, object);
    try {
      /** @type {string[]} */
      const parts = [];
      if (isArray(object)) {
        const length = object.length;
        for (let i = 0; i < length && i < MAX_ITEMS; i++) arrPush(parts, inspect(object[i], depth + 1, seen));
        if (length > MAX_ITEMS) arrPush(parts, `... ${length - MAX_ITEMS} more items`);
        return parts.length === 0 ? '[]' : `[ ${arrJoin(parts, ', ')} ]`;
      }
      if (object instanceof MapCtor) {
        mapForEach(object, (/** @type {unknown} */ v, /** @type {unknown} */ k) => {
          if (parts.length < MAX_ITEMS)
            arrPush(parts, `${inspect(k, depth + 1, seen)} => ${inspect(v, depth + 1, seen)}`);
        });
        const size = mapSize(object);
        return `Map(${size}) {${parts.length ? ` ${arrJoin(parts, ', ')} ` : ''}}`;
      }
      if (object instanceof SetCtor) {
        setForEach(object, (/** @type {unknown} */ v) => {
          if (parts.length < MAX_ITEMS) arrPush(parts, inspect(v, depth + 1, seen));
        });
        const size = setSize(object);
        return `Set(${size}) {${parts.length ? ` ${arrJoin(parts, ', ')} ` : ''}}`;
      }
      const keys = objectKeys(object);
      for (let i = 0; i < keys.length && i < MAX_ITEMS; i++) {
        arrPush(parts, `${formatKey(keys[i])}: ${inspect(object[keys[i]], depth + 1, seen)}`);
      }
      if (keys.length > MAX_ITEMS) arrPush(parts, `... ${keys.length - MAX_ITEMS} more properties`);
      const prefix = constructorName(object);
      const body = parts.length === 0 ? '{}' : `{ ${arrJoin(parts, ', ')} }`;
      return prefix ? `${prefix} ${body}` : body;
    } finally {
      seen.length = seen.length - 1;
    }
  };

  /**
   * `console.log` semantics: printf-style placeholders in a leading string, the rest inspected
   * and joined with spaces.
   * @param {unknown[]} args
   */
  const format = (args) => {
    /** @type {string[]} */
    const out = [];
    let index = 0;
    const first = args[0];
    if (typeof first === 'string' && strIndexOf(first, '%') !== -1 && args.length > 1) {
      index = 1;
      const text = strReplace(first, /%[sdifjoOc%]/g, (/** @type {string} */ token) => {
        if (token === '%%') return '%';
        if (index >= args.length) return token;
        const arg = args[index++];
        switch (token) {
          case '%s':
            return typeof arg === 'string' ? arg : inspect(arg, 1, []);
          case '%d':
          case '%i': {
            const n = typeof arg === 'bigint' ? arg : Number(arg);
            return token === '%i' && typeof n === 'number' ? StringCtor(Math.trunc(n)) : inspect(n, 1, []);
          }
          case '%f':
            return StringCtor(Number(arg));
          case '%j':
            try {
              return StringCtor(stringify(arg));
            } catch {
              return '[Circular]';
            }
          case '%c':
            return '';
          default:
            return inspect(arg, 1, []);
        }
      });
      arrPush(out, text);
    }
    for (; index < args.length; index++) arrPush(out, inspect(args[index], 0, []));
    return arrJoin(out, ' ');
  };

  /** @param {string} level */
  const method =
    (level) =>
    /** @param {unknown[]} args */
    (...args) => {
      const message = format(args);
      hostLog(
        level,
        message.length > maxMessageChars ? strSlice(message, 0, maxMessageChars) : message,
        message.length,
      );
    };

  const sandboxConsole = {
    log: method('info'),
    info: method('info'),
    debug: method('debug'),
    trace: method('debug'),
    warn: method('warn'),
    error: method('error'),
  };

  /**
   * Serialises the user's return value to JSON, refusing what JSON would silently lose or cannot
   * hold. Returns the JSON text, or `{ invalid: message }`.
   * @param {unknown} value
   * @returns {string | { invalid: string }}
   */
  const serializeResult = (value) => {
    /** @type {{ holder: unknown; key: string | null }[]} */
    const frames = [];
    /** @param {string} key */
    const pathOf = (key) => {
      let path = 'return value';
      // frames[0] is JSON.stringify's wrapper `{ "": value }`; frames[1] the value itself.
      for (let i = 2; i <= frames.length; i++) {
        const segment = i < frames.length ? frames[i].key : key;
        const parent = frames[i - 1].holder;
        if (segment === null) continue;
        path += isArray(parent)
          ? `[${segment}]`
          : regexTest(IDENTIFIER, segment)
            ? `.${segment}`
            : `[${quote(segment)}]`;
      }
      return path;
    };
    /** @type {string | null} */
    let problem = null;
    /**
     * @this {unknown}
     * @param {string} key
     * @param {unknown} item
     */
    const replacer = function (key, item) {
      let top = frames.length - 1;
      while (top >= 0 && frames[top].holder !== this) top--;
      if (top < 0) {
        frames.length = 0;
        arrPush(frames, { holder: this, key: null });
        top = 0;
      }
      frames.length = top + 1;
      const kind = typeof item;
      let refused = null;
      if (kind === 'function') refused = 'a function';
      else if (kind === 'symbol') refused = 'a symbol';
      else if (kind === 'bigint') refused = 'a BigInt (return it as a string or a number)';
      else if (item !== null && kind === 'object') {
        if (item instanceof MapCtor) refused = 'a Map (convert it with Object.fromEntries)';
        else if (item instanceof SetCtor) refused = 'a Set (convert it with Array.from)';
        else if (item instanceof WeakMapCtor || item instanceof WeakSetCtor) refused = 'a WeakMap or WeakSet';
        else if (item instanceof PromiseCtor) refused = 'a promise (await it first)';
        else {
          for (let i = 1; i < frames.length; i++) {
            if (frames[i].holder === item) refused = 'a circular reference';
          }
        }
        if (refused === null) arrPush(frames, { holder: item, key });
      }
      if (refused !== null) {
        const path = pathOf(key);
        problem =
          path === 'return value'
            ? `The return value is ${refused}; a code step must return JSON (objects, arrays, strings, numbers, booleans or null).`
            : `The return value holds ${refused} at ${path}; a code step must return JSON (objects, arrays, strings, numbers, booleans or null).`;
        throw new ErrorCtor(problem);
      }
      return item;
    };
    try {
      const json = stringify(value, replacer);
      return json === undefined ? 'null' : json;
    } catch (error) {
      if (problem !== null) return { invalid: problem };
      throw error;
    }
  };

  /**
   * What the host records about an error thrown by user code, as JSON. Never throws: every read
   * of a user-controlled property is guarded.
   * @param {unknown} error
   */
  const describeError = (error) => {
    /** @param {() => unknown} read */
    const safe = (read) => {
      try {
        const value = read();
        return typeof value === 'string' ? strSlice(value, 0, maxMessageChars) : null;
      } catch {
        return null;
      }
    };
    if (error instanceof ErrorCtor) {
      const e = /** @type {Error & { lineNumber?: unknown }} */ (error);
      return stringify({
        name: safe(() => StringCtor(e.name)) ?? 'Error',
        message: safe(() => StringCtor(e.message)) ?? '',
        stack: safe(() => e.stack),
        lineNumber: typeof e.lineNumber === 'number' ? e.lineNumber : null,
      });
    }
    return stringify({ name: null, message: `Uncaught ${safe(() => inspect(error, 1, [])) ?? 'exception'}` });
  };

  return { console: sandboxConsole, parseJson: parse, serializeResult, describeError, format };
}
