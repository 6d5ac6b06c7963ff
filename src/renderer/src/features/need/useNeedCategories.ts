import { useApi } from '../../api'

export function useNeedCategories(): string[] {
  return useApi('app.info', {}).data?.needCategories ?? []
}
