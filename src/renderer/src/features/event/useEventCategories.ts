import { useApi } from '../../api'

export function useEventCategories(): string[] {
  return useApi('app.info', {}).data?.eventCategories ?? []
}
