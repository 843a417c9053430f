import {
  UrlReaderService,
  UrlReaderServiceReadTreeOptions,
  UrlReaderServiceReadTreeResponse,
  UrlReaderServiceReadUrlOptions,
  UrlReaderServiceReadUrlResponse,
  UrlReaderServiceSearchOptions,
  UrlReaderServiceSearchResponse,
} from '@backstage/backend-plugin-api';
import {
  ReadTreeResponseFactory,
  ReadUrlResponseFactory,
  ReaderFactory,
} from '@backstage/backend-defaults/urlReader';
import {
  InputError,
  NotFoundError,
  NotModifiedError,
  ResponseError,
} from '@backstage/errors';
import { GIT_SERVER_PLUGIN_ID } from '@drktrc/plugin-gitops-common';
import { Readable } from 'node:stream';

/** A parsed `<base>/repositories/<name>/(blob|tree)/<ref>/<path>` URL. */
interface ParsedUrl {
  name: string;
  kind: 'blob' | 'tree';
  ref: string;
  filePath: string;
}

/**
 * Reads files and trees from the portal's git server
 * (`<backend>/api/git-server/repositories/<name>/blob/<ref>/<path>` and
 * `.../tree/<ref>/<dir>`), so the catalog can register `catalog-info.yaml`
 * from a repository the scaffolder published there.
 * @public
 */
export class GitServerUrlReader implements UrlReaderService {
  static factory: ReaderFactory = ({ config, treeResponseFactory }) => {
    const backend = config.getString('backend.baseUrl').replace(/\/+$/, '');
    const reader = new GitServerUrlReader({
      baseUrl: `${backend}/api/${GIT_SERVER_PLUGIN_ID}`,
      treeResponseFactory,
    });
    return [{ reader, predicate: url => reader.handles(url) }];
  };

  private readonly baseUrl: string;
  private readonly treeResponseFactory: ReadTreeResponseFactory;

  constructor(options: {
    baseUrl: string;
    treeResponseFactory: ReadTreeResponseFactory;
  }) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.treeResponseFactory = options.treeResponseFactory;
  }

  handles(url: URL): boolean {
    return url.href.startsWith(`${this.baseUrl}/repositories/`);
  }

  async readUrl(
    url: string,
    options?: UrlReaderServiceReadUrlOptions,
  ): Promise<UrlReaderServiceReadUrlResponse> {
    const parsed = this.parse(url);
    if (parsed.kind !== 'blob') {
      throw new InputError(`Not a file URL of the portal git server: ${url}`);
    }
    const response = await fetch(url, {
      headers: options?.etag ? { 'If-None-Match': options.etag } : {},
      signal: options?.signal as AbortSignal | undefined,
    });
    if (response.status === 304) {
      throw new NotModifiedError();
    }
    if (response.status === 404) {
      throw new NotFoundError(`${url} not found`);
    }
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return ReadUrlResponseFactory.fromResponse(response);
  }

  async readTree(
    url: string,
    options?: UrlReaderServiceReadTreeOptions,
  ): Promise<UrlReaderServiceReadTreeResponse> {
    const parsed = this.parse(url);
    const archiveUrl = `${this.baseUrl}/repositories/${parsed.name}/archive/${parsed.ref}`;
    const response = await fetch(archiveUrl, {
      headers: options?.etag ? { 'If-None-Match': options.etag } : {},
      signal: options?.signal as AbortSignal | undefined,
    });
    if (response.status === 404) throw new NotFoundError(`${url} not found`);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    const etag = response.headers.get('etag') ?? '';
    if (options?.etag && options.etag === etag) throw new NotModifiedError();
    const dir =
      parsed.kind === 'tree'
        ? parsed.filePath
        : parsed.filePath.split('/').slice(0, -1).join('/');
    return this.treeResponseFactory.fromTarArchive({
      stream: Readable.fromWeb(response.body as any),
      subpath: dir || undefined,
      etag,
      filter: options?.filter,
      stripFirstDirectory: false,
    });
  }

  async search(
    url: string,
    options?: UrlReaderServiceSearchOptions,
  ): Promise<UrlReaderServiceSearchResponse> {
    if (/[*?[\]{}]/.test(new URL(url).pathname)) {
      throw new InputError(
        'The portal git server reader does not expand globs; name the file',
      );
    }
    try {
      const file = await this.readUrl(url, options);
      return {
        etag: file.etag ?? '',
        files: [
          {
            url,
            content: file.buffer,
            lastModifiedAt: file.lastModifiedAt,
          },
        ],
      };
    } catch (e) {
      if ((e as Error).name === 'NotFoundError') return { etag: '', files: [] };
      throw e;
    }
  }

  toString() {
    return `git-server{baseUrl=${this.baseUrl}}`;
  }

  private parse(url: string): ParsedUrl {
    const prefix = `${this.baseUrl}/repositories/`;
    const rest = url.startsWith(prefix) ? new URL(url).pathname : '';
    const path = rest.slice(new URL(prefix).pathname.length);
    const match = /^([^/]+)\/(blob|tree)\/([^/]+)(?:\/(.*))?$/.exec(path);
    if (!match) {
      throw new InputError(
        `Expected ${prefix}<name>/blob/<ref>/<path> or .../tree/<ref>/<dir>, got ${url}`,
      );
    }
    return {
      name: match[1],
      kind: match[2] as 'blob' | 'tree',
      ref: match[3],
      filePath: decodeURIComponent(match[4] ?? '').replace(/\/+$/, ''),
    };
  }
}
