/**
 * The node's image store (CRI ImageService): a pull waits the catalogue's delay the first time,
 * concurrent pulls of one image share that wait, and a pulled image stays cached on this node.
 */
import type { SimClock } from './clock';
import { ImagePullError } from './container-runtime';
import type { CatalogueEntry, ImageCatalogue } from './image-catalogue';
import { imageRefOf, normalizedName, parseImageReference, repositoryOf } from './image-reference';

export interface PresentImage {
  /** `docker.io/library/nginx:1.27`. */
  name: string;
  imageRef: string;
  entry: CatalogueEntry;
}

export class ImageService {
  private readonly present = new Map<string, PresentImage>();
  private readonly inFlight = new Map<string, Promise<PresentImage>>();

  constructor(
    private readonly catalogue: ImageCatalogue,
    private readonly sim: SimClock,
  ) {}

  pull(image: string): Promise<PresentImage> {
    let ref;
    try {
      ref = parseImageReference(image);
    } catch (err) {
      return Promise.reject(err);
    }
    const name = normalizedName(ref);
    const cached = this.present.get(name);
    if (cached) return Promise.resolve(cached);
    const pending = this.inFlight.get(name);
    if (pending) return pending;
    const entry = this.catalogue.lookup(ref);
    const pull = new Promise<PresentImage>((resolve, reject) => {
      // A missing image fails after a registry round-trip, not instantly.
      this.sim.after(entry?.pullDelayMs ?? 100, () => {
        this.inFlight.delete(name);
        if (!entry) {
          const repo = `${repositoryOf(ref)}:${ref.tag ?? ref.digest}`;
          return reject(
            new ImagePullError(
              `Failed to pull image "${image}": rpc error: code = NotFound desc = failed to pull and unpack image ` +
                `"${name}": failed to resolve reference "${name}": ${repo}: not found`,
            ),
          );
        }
        const pulled: PresentImage = { name, imageRef: imageRefOf(ref), entry };
        this.present.set(name, pulled);
        resolve(pulled);
      });
    });
    this.inFlight.set(name, pull);
    return pull;
  }

  /** The image if it is on the node; undefined for an image never pulled or a name that does not parse. */
  status(image: string): PresentImage | undefined {
    try {
      return this.present.get(normalizedName(parseImageReference(image)));
    } catch {
      return undefined;
    }
  }

  /** node.status.images. */
  list(): { names: string[]; sizeBytes: number }[] {
    return [...this.present.values()].map((p) => ({
      names: [p.imageRef, p.name],
      sizeBytes: p.entry.sizeBytes,
    }));
  }
}
